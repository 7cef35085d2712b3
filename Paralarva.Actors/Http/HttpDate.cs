using System.Buffers;
using System.Buffers.Text;
using Akka.IO;

namespace Paralarva.Actors.Http;

/// <summary>
/// The <c>Date</c> field the proxy adds (RFC 9110 section 6.6.1): to a forwarded response that came without one, as a
/// recipient with a clock must, and to its own answers, as an origin server must. Formatted at most once a second
/// and shared by all connections; a race formats the same second twice, and either copy is right.
/// </summary>
internal static class HttpDate
{
    private static Second _current = Format(DateTime.UtcNow);

    /// <summary><c>Date: Sun, 06 Nov 1994 08:49:37 GMT</c> and CRLF, for the current second (IMF-fixdate).</summary>
    public static ReadOnlySpan<byte> Line => Current().Bytes;

    /// <summary>A canned answer with the current Date line after its status line; the answer itself is not changed.</summary>
    public static ByteString Stamp(ByteString answer)
    {
        var bytes = answer.ToReadOnlySpan();
        var statusLineEnd = bytes.IndexOf((byte)'\n') + 1;
        var line = Line;
        var stamped = new byte[bytes.Length + line.Length];
        bytes[..statusLineEnd].CopyTo(stamped);
        line.CopyTo(stamped.AsSpan(statusLineEnd));
        bytes[statusLineEnd..].CopyTo(stamped.AsSpan(statusLineEnd + line.Length));
        return ByteString.FromBytes(stamped);
    }

    private static Second Current()
    {
        var now = DateTime.UtcNow;
        var stamp = Volatile.Read(ref _current);
        if (now.Ticks / TimeSpan.TicksPerSecond == stamp.Number)
            return stamp;
        stamp = Format(now);
        Volatile.Write(ref _current, stamp);
        return stamp;
    }

    private static Second Format(DateTime now)
    {
        // "Date: " + 29 bytes of RFC 1123 date + CRLF.
        var bytes = new byte[6 + 29 + 2];
        "Date: "u8.CopyTo(bytes);
        Utf8Formatter.TryFormat(now, bytes.AsSpan(6), out var written, new StandardFormat('R'));
        "\r\n"u8.CopyTo(bytes.AsSpan(6 + written));
        return new Second(now.Ticks / TimeSpan.TicksPerSecond, bytes);
    }

    private sealed class Second(long second, byte[] bytes)
    {
        public long Number { get; } = second;
        public byte[] Bytes { get; } = bytes;
    }
}
