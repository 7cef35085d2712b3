using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace Paralarva.Tests.Balancing;

/// <summary>
/// The member's end of one loopback connection from the proxy: reads what the proxy sent (a head, a count of
/// bytes), answers, closes (FIN) or resets. Every read is bounded by <see cref="Wait"/>; bytes read past what a
/// call asked for stay for the next call.
/// </summary>
internal sealed class MemberSocket : IDisposable
{
    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private readonly Socket _socket;
    private readonly byte[] _chunk = new byte[64 * 1024];
    private byte[] _pending = new byte[64 * 1024];
    private int _pendingCount;

    public MemberSocket(Socket socket)
    {
        _socket = socket;
        _socket.NoDelay = true;
        _socket.ReceiveTimeout = (int)Wait.TotalMilliseconds;
    }

    /// <summary>Reads up to and including the blank line that ends a head.</summary>
    public string ReadHead() => ReadUntil("\r\n\r\n");

    /// <summary>Reads up to and including <paramref name="end"/>.</summary>
    public string ReadUntil(string end)
    {
        var marker = Encoding.Latin1.GetBytes(end);
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var at = _pending.AsSpan(0, _pendingCount).IndexOf(marker);
            if (at >= 0)
                return Encoding.Latin1.GetString(Take(at + marker.Length));
            if (deadline.Elapsed > Wait || !ReadMore())
                throw new InvalidOperationException("the proxy sent no '" + end.ReplaceLineEndings("\\n") + "' (got: " + Encoding.Latin1.GetString(_pending, 0, _pendingCount) + ")");
        }
    }

    /// <summary>Reads exactly <paramref name="count"/> bytes.</summary>
    public string Read(int count) => Encoding.Latin1.GetString(ReadBytes(count));

    public byte[] ReadBytes(int count)
    {
        var deadline = Stopwatch.StartNew();
        while (_pendingCount < count)
        {
            if (deadline.Elapsed > Wait || !ReadMore())
                throw new InvalidOperationException("the proxy sent " + _pendingCount + " of " + count + " bytes");
        }

        return Take(count);
    }

    /// <summary>Reads a head and the Content-Length body after it.</summary>
    public string ReadRequest()
    {
        var head = ReadHead();
        foreach (var line in head.Split("\r\n"))
        {
            if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
                return head + Read(int.Parse(line["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture));
        }

        return head;
    }

    /// <summary>Reads and drops <paramref name="count"/> bytes (a large body).</summary>
    public void Discard(long count)
    {
        var deadline = Stopwatch.StartNew();
        var taken = Math.Min(count, _pendingCount);
        Take((int)taken);
        while (taken < count)
        {
            if (deadline.Elapsed > Wait)
                throw new InvalidOperationException("the proxy sent " + taken + " of " + count + " bytes");
            var read = _socket.Receive(_chunk, 0, (int)Math.Min(_chunk.Length, count - taken), SocketFlags.None);
            if (read == 0)
                throw new InvalidOperationException("the proxy closed after " + taken + " of " + count + " bytes");
            taken += read;
        }
    }

    /// <summary>Waits until the proxy sent something (without reading it).</summary>
    public void WaitForData()
    {
        if (_pendingCount == 0 && !_socket.Poll(Wait, SelectMode.SelectRead))
            throw new InvalidOperationException("the proxy sent nothing within " + Wait);
    }

    /// <summary>True when nothing arrived, and the proxy did not close, within <paramref name="within"/>.</summary>
    public bool NothingArrives(TimeSpan within) => _pendingCount == 0 && !_socket.Poll(within, SelectMode.SelectRead);

    /// <summary>Expects the proxy's side to end with no further byte: FIN or reset.</summary>
    public MemberSocketEnd ExpectEnd()
    {
        if (_pendingCount > 0)
            throw new InvalidOperationException("unread bytes: " + Encoding.Latin1.GetString(_pending, 0, _pendingCount));
        try
        {
            var read = _socket.Receive(_chunk);
            if (read != 0)
                throw new InvalidOperationException("the proxy sent more: " + Encoding.Latin1.GetString(_chunk, 0, read));
            return MemberSocketEnd.Fin;
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
        {
            return MemberSocketEnd.Reset;
        }
    }

    public void Send(string text) => _socket.Send(Encoding.Latin1.GetBytes(text));

    /// <summary>Closes (FIN, or a reset when the proxy's bytes are left unread), as a member's keep-alive timeout.</summary>
    public void Close() => _socket.Close();

    /// <summary>Closes with a reset.</summary>
    public void Reset()
    {
        _socket.LingerState = new LingerOption(true, 0);
        _socket.Close();
    }

    public void Dispose() => _socket.Dispose();

    private bool ReadMore()
    {
        var read = _socket.Receive(_chunk);
        if (read == 0)
            return false;
        if (_pendingCount + read > _pending.Length)
            Array.Resize(ref _pending, Math.Max(_pending.Length * 2, _pendingCount + read));
        _chunk.AsSpan(0, read).CopyTo(_pending.AsSpan(_pendingCount));
        _pendingCount += read;
        return true;
    }

    private byte[] Take(int count)
    {
        var taken = _pending.AsSpan(0, count).ToArray();
        _pending.AsSpan(count, _pendingCount - count).CopyTo(_pending);
        _pendingCount -= count;
        return taken;
    }
}
