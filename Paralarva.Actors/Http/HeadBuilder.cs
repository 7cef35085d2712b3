using Akka.IO;

namespace Paralarva.Actors.Http;

/// <summary>
/// Writes a head into a per-thread scratch buffer, then copies it once into a <see cref="ByteString"/>: the only
/// allocation of a head write. The buffer never leaves the thread, and the copy is made before the call
/// returns, so actors sharing a dispatcher thread cannot see each other's bytes.
/// </summary>
internal ref struct HeadBuilder
{
    [ThreadStatic]
    private static byte[]? t_scratch;

    private readonly Span<byte> _buffer;
    private int _length;

    /// <param name="capacity">An upper bound on the bytes written; the writers compute it from the parsed head.</param>
    public HeadBuilder(int capacity)
    {
        var scratch = t_scratch;
        if (scratch is null || scratch.Length < capacity)
            t_scratch = scratch = new byte[Math.Max(capacity, 4096)];
        _buffer = scratch;
        _length = 0;
    }

    public void Append(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(_buffer[_length..]);
        _length += bytes.Length;
    }

    public void Append(byte b) => _buffer[_length++] = b;

    public void Append(ByteString bytes)
    {
        var rest = _buffer[_length..];
        _length += bytes.CopyTo(ref rest);
    }

    public void AppendCrLf() => Append("\r\n"u8);

    public void AppendDecimal(long value)
    {
        value.TryFormat(_buffer[_length..], out var written, provider: System.Globalization.CultureInfo.InvariantCulture);
        _length += written;
    }

    /// <summary><c>name ": " value CRLF</c>: field lines always leave with one SP and CRLF, however they came.</summary>
    public void AppendField(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value)
    {
        Append(name);
        Append(": "u8);
        Append(value);
        AppendCrLf();
    }

    /// <summary><c>name ": " decimal CRLF</c>, for a number the proxy rewrites; never longer than the value it replaces.</summary>
    public void AppendField(ReadOnlySpan<byte> name, long value)
    {
        Append(name);
        Append(": "u8);
        AppendDecimal(value);
        AppendCrLf();
    }

    public readonly ByteString ToByteString() => ByteString.CopyFrom(_buffer[.._length]);
}
