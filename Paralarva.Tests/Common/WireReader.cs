using System.Net.Sockets;

namespace Paralarva.Tests.Common;

/// <summary>
/// A buffered reader over a connected socket for the HTTP fixtures: reads a head up to
/// CRLFCRLF, CRLF-terminated lines, an exact number of bytes, or everything until the
/// peer closes. Bytes read past the current message stay buffered for the next one
/// (pipelining). Every consumed byte is also given to <see cref="Tap"/> when set.
/// </summary>
internal sealed class WireReader
{
    private readonly Socket _socket;
    private byte[] _buffer;
    private int _start;
    private int _end;

    public WireReader(Socket socket, int bufferSize = 64 * 1024)
    {
        _socket = socket;
        _buffer = new byte[bufferSize];
    }

    /// <summary>Receives a copy of every byte consumed by the read methods.</summary>
    public IByteSink? Tap { get; set; }

    /// <summary>Told the size of every receive, before any parsing: what arrived, malformed or not.</summary>
    public Action<int>? Received { get; set; }

    /// <summary>Bytes received but not consumed yet.</summary>
    public int Buffered => _end - _start;

    /// <summary>True once the peer's FIN was read.</summary>
    public bool SawEndOfStream { get; private set; }

    public ReadOnlySpan<byte> BufferedSpan => _buffer.AsSpan(_start, _end - _start);

    /// <summary>Receives more bytes; false at end of stream. Throws SocketException on reset.</summary>
    public async ValueTask<bool> FillAsync(CancellationToken cancellationToken)
    {
        if (SawEndOfStream)
        {
            return false;
        }

        if (_start == _end)
        {
            _start = _end = 0;
        }
        else if (_end == _buffer.Length)
        {
            if (_start > 0)
            {
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
                _end -= _start;
                _start = 0;
            }
            else
            {
                Array.Resize(ref _buffer, _buffer.Length * 2);
            }
        }

        var n = await _socket.ReceiveAsync(_buffer.AsMemory(_end), SocketFlags.None, cancellationToken).ConfigureAwait(false);
        if (n == 0)
        {
            SawEndOfStream = true;
            return false;
        }

        _end += n;
        Received?.Invoke(n);
        return true;
    }

    public void Consume(int count)
    {
        Tap?.Append(_buffer.AsSpan(_start, count));
        _start += count;
    }

    /// <summary>
    /// Reads a message head through its terminating CRLFCRLF. Returns null when the stream
    /// ended cleanly before any byte of a new head.
    /// </summary>
    public async ValueTask<byte[]?> ReadHeadAsync(int maxBytes, CancellationToken cancellationToken)
    {
        var scanned = 0;
        while (true)
        {
            var from = Math.Max(0, scanned - 3);
            var index = BufferedSpan[from..].IndexOf("\r\n\r\n"u8);
            if (index >= 0)
            {
                var length = from + index + 4;
                if (length > maxBytes)
                {
                    throw new HttpFormatException($"head of {length} bytes exceeds the limit of {maxBytes}");
                }

                var head = BufferedSpan[..length].ToArray();
                Consume(length);
                return head;
            }

            scanned = Buffered;
            if (scanned > maxBytes)
            {
                throw new HttpFormatException($"head exceeds the limit of {maxBytes} bytes");
            }

            if (!await FillAsync(cancellationToken).ConfigureAwait(false))
            {
                if (scanned == 0)
                {
                    return null;
                }

                throw new HttpFormatException("connection closed inside a head after: " + HttpWire.Escape(BufferedSpan));
            }
        }
    }

    /// <summary>Reads one CRLF-terminated line and returns it without the CRLF (Latin-1).</summary>
    public async ValueTask<string> ReadLineAsync(int maxBytes, CancellationToken cancellationToken)
    {
        var scanned = 0;
        while (true)
        {
            var index = BufferedSpan[scanned..].IndexOf((byte)'\n');
            if (index >= 0)
            {
                var lf = scanned + index;
                if (lf == 0 || BufferedSpan[lf - 1] != (byte)'\r')
                {
                    throw new HttpFormatException("bare LF where CRLF was expected after: " + HttpWire.Escape(BufferedSpan[..lf]));
                }

                var line = HttpWire.Latin1.GetString(BufferedSpan[..(lf - 1)]);
                if (line.Contains('\r', StringComparison.Ordinal))
                {
                    throw new HttpFormatException("bare CR inside a line: " + HttpWire.Escape(BufferedSpan[..lf]));
                }

                Consume(lf + 1);
                return line;
            }

            scanned = Buffered;
            if (scanned > maxBytes)
            {
                throw new HttpFormatException($"line exceeds the limit of {maxBytes} bytes");
            }

            if (!await FillAsync(cancellationToken).ConfigureAwait(false))
            {
                throw new HttpFormatException("connection closed inside a line after: " + HttpWire.Escape(BufferedSpan));
            }
        }
    }

    /// <summary>Reads exactly <paramref name="count"/> bytes into <paramref name="sink"/>.</summary>
    public async ValueTask ReadExactAsync(long count, IByteSink sink, CancellationToken cancellationToken)
    {
        var remaining = count;
        while (remaining > 0)
        {
            if (Buffered == 0 && !await FillAsync(cancellationToken).ConfigureAwait(false))
            {
                throw new HttpFormatException($"connection closed after {count - remaining} of {count} body bytes");
            }

            var n = (int)Math.Min(Buffered, remaining);
            sink.Append(BufferedSpan[..n]);
            Consume(n);
            remaining -= n;
        }
    }

    /// <summary>Reads into <paramref name="sink"/> until the peer closes (FIN).</summary>
    public async ValueTask ReadToEndAsync(IByteSink sink, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (Buffered > 0)
            {
                sink.Append(BufferedSpan);
                Consume(Buffered);
            }

            if (!await FillAsync(cancellationToken).ConfigureAwait(false))
            {
                return;
            }
        }
    }
}
