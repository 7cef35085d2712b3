using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Paralarva.Tests.Common;

/// <summary>
/// A raw-socket HTTP/1.1 client for byte-exact tests: send any bytes (pipelined requests,
/// one byte per write, malformed input), then read back exactly one response at a time,
/// or observe the server closing. Every read is bounded by a timeout; on timeout a
/// <see cref="TimeoutException"/> shows what arrived so far.
/// </summary>
/// <example>
/// <code>
/// await using var client = await RawHttpClient.ConnectAsync(port);
/// await client.SendAsync("GET / HTTP/1.1\r\nHost: svc.local\r\n\r\n");
/// var response = await client.ReadResponseAsync();
/// Assert.Equal(200, response.StatusCode);
/// </code>
/// </example>
public sealed class RawHttpClient : IAsyncDisposable
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    private readonly Socket _socket;
    private readonly WireReader _reader;

    private RawHttpClient(Socket socket)
    {
        _socket = socket;
        _reader = new WireReader(socket);
    }

    /// <summary>Default bound for every read and send of this client.</summary>
    public TimeSpan Timeout { get; set; } = DefaultTimeout;

    /// <summary>Responses whose body is larger than this keep only length and digest (Body and Raw are left empty).</summary>
    public long MaxStoredBodyBytes { get; set; } = 64L * 1024 * 1024;

    public IPEndPoint LocalEndPoint => (IPEndPoint)_socket.LocalEndPoint!;

    /// <summary>True once a read saw the peer's FIN.</summary>
    public bool SawEndOfStream => _reader.SawEndOfStream;

    /// <summary>True once a read saw the connection reset (RST).</summary>
    public bool SawReset { get; private set; }

    /// <summary>Bytes received and not consumed by a read method yet.</summary>
    public int Buffered => _reader.Buffered;

    /// <param name="localAddress">The client's own address (another 127.x.y.z, for tests of per-address policies); the kernel's choice when null.</param>
    public static async Task<RawHttpClient> ConnectAsync(int port, TimeSpan? timeout = null, IPAddress? localAddress = null)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        if (localAddress is not null)
            socket.Bind(new IPEndPoint(localAddress, 0));
        using var cts = new CancellationTokenSource(timeout ?? DefaultTimeout);
        try
        {
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            socket.Dispose();
            throw new TimeoutException($"connect to 127.0.0.1:{port} timed out");
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        return new RawHttpClient(socket);
    }

    /// <summary>Sends <paramref name="text"/> as Latin-1 bytes (one char, one byte).</summary>
    public Task SendAsync(string text) => SendAsync(Encoding.Latin1.GetBytes(text));

    public async Task SendAsync(ReadOnlyMemory<byte> bytes)
    {
        using var cts = new CancellationTokenSource(Timeout);
        try
        {
            while (bytes.Length > 0)
            {
                var sent = await _socket.SendAsync(bytes, SocketFlags.None, cts.Token).ConfigureAwait(false);
                bytes = bytes[sent..];
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"send did not complete within {Timeout.TotalSeconds:0.###} s ({bytes.Length} bytes left)");
        }
    }

    /// <summary>Sends in writes of <paramref name="pieceSize"/> bytes, optionally pausing between them.</summary>
    public async Task SendInPiecesAsync(ReadOnlyMemory<byte> bytes, int pieceSize, TimeSpan? gap = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pieceSize, 1);
        for (var offset = 0; offset < bytes.Length; offset += pieceSize)
        {
            if (offset > 0 && gap is { } pause && pause > TimeSpan.Zero)
            {
                await Task.Delay(pause).ConfigureAwait(false);
            }

            await SendAsync(bytes.Slice(offset, Math.Min(pieceSize, bytes.Length - offset))).ConfigureAwait(false);
        }
    }

    public Task SendByteByByteAsync(string text, TimeSpan? gap = null) =>
        SendInPiecesAsync(Encoding.Latin1.GetBytes(text), 1, gap);

    /// <summary>Sends the request and reads one response.</summary>
    public async Task<RawResponse> SendAndReadAsync(string request, string requestMethod = "GET")
    {
        await SendAsync(request).ConfigureAwait(false);
        return await ReadResponseAsync(requestMethod).ConfigureAwait(false);
    }

    /// <summary>
    /// Reads exactly one response: head, then the body by Content-Length, chunked, or until
    /// close, or none (HEAD, 1xx, 204, 304). An interim 1xx is returned on its own; call
    /// again for the final response. Malformed or truncated responses throw <see cref="HttpFormatException"/>.
    /// </summary>
    public async Task<RawResponse> ReadResponseAsync(string requestMethod = "GET", TimeSpan? timeout = null)
    {
        var raw = new BodyCollector(MaxStoredBodyBytes, computeHash: false);
        _reader.Tap = raw;
        using var cts = new CancellationTokenSource(timeout ?? Timeout);
        try
        {
            var head = await _reader.ReadHeadAsync(64 * 1024, cts.Token).ConfigureAwait(false)
                ?? throw new HttpFormatException("connection closed before a response");
            var (statusLine, headers) = HttpWire.ParseHead(head);
            var (version, status, reason) = ParseStatusLine(statusLine);
            var framing = HttpWire.ResponseFraming(requestMethod, status, headers, out var length);
            using var body = new BodyCollector(MaxStoredBodyBytes);
            var chunkSizes = new List<long>();
            List<KeyValuePair<string, string>> trailers = [];
            switch (framing)
            {
                case WireFraming.ContentLength:
                    await _reader.ReadExactAsync(length, body, cts.Token).ConfigureAwait(false);
                    break;
                case WireFraming.Chunked:
                    trailers = await HttpWire.ReadChunkedAsync(_reader, body, chunkSizes, cts.Token).ConfigureAwait(false);
                    break;
                case WireFraming.CloseDelimited:
                    await _reader.ReadToEndAsync(body, cts.Token).ConfigureAwait(false);
                    break;
            }

            return new RawResponse
            {
                Version = version,
                StatusCode = status,
                Reason = reason,
                Headers = headers,
                Trailers = trailers,
                Head = head,
                Body = body.ToArray() ?? [],
                BodyLength = body.Length,
                BodySha256 = body.Sha256Hex(),
                Framing = framing,
                ChunkSizes = chunkSizes,
                Raw = raw.ToArray() ?? [],
            };
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException(
                $"no complete response within {(timeout ?? Timeout).TotalSeconds:0.###} s; received: {HttpWire.Escape(raw.ToArray() ?? [])}{HttpWire.Escape(_reader.BufferedSpan)}");
        }
        catch (SocketException e)
        {
            SawReset = true;
            throw new HttpFormatException($"connection reset while reading a response; received: {HttpWire.Escape(raw.ToArray() ?? [])}", e);
        }
        finally
        {
            _reader.Tap = null;
            raw.Dispose();
        }
    }

    private static (string Version, int Status, string Reason) ParseStatusLine(string line)
    {
        // status-line = HTTP-version SP status-code SP [ reason-phrase ]
        if (line.Length < 12 || !line.StartsWith("HTTP/1.", StringComparison.Ordinal) || line[8] != ' ' || line[12..].Length > 0 && line[12] != ' '
            || !char.IsAsciiDigit(line[9]) || !char.IsAsciiDigit(line[10]) || !char.IsAsciiDigit(line[11]))
        {
            throw new HttpFormatException("malformed status line: " + line);
        }

        var status = ((line[9] - '0') * 100) + ((line[10] - '0') * 10) + (line[11] - '0');
        return (line[..8], status, line.Length > 13 ? line[13..] : string.Empty);
    }

    /// <summary>Reads exactly <paramref name="count"/> raw bytes.</summary>
    public async Task<byte[]> ReadBytesAsync(int count, TimeSpan? timeout = null)
    {
        using var sink = new BodyCollector(count, computeHash: false);
        using var cts = new CancellationTokenSource(timeout ?? Timeout);
        try
        {
            await _reader.ReadExactAsync(count, sink, cts.Token).ConfigureAwait(false);
            return sink.ToArray()!;
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"{count} bytes did not arrive within {(timeout ?? Timeout).TotalSeconds:0.###} s; buffered: {HttpWire.Escape(_reader.BufferedSpan)}");
        }
    }

    /// <summary>
    /// Reads everything until the peer closes (FIN or RST) and returns it, including bytes
    /// already buffered. Throws <see cref="TimeoutException"/> if the connection stays open.
    /// </summary>
    public async Task<byte[]> ReadUntilClosedAsync(TimeSpan? timeout = null)
    {
        using var sink = new BodyCollector(MaxStoredBodyBytes, computeHash: false);
        using var cts = new CancellationTokenSource(timeout ?? Timeout);
        try
        {
            await _reader.ReadToEndAsync(sink, cts.Token).ConfigureAwait(false);
        }
        catch (SocketException)
        {
            SawReset = true;
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"connection still open after {(timeout ?? Timeout).TotalSeconds:0.###} s; received: {HttpWire.Escape(sink.ToArray() ?? [])}");
        }

        return sink.ToArray() ?? [];
    }

    /// <summary>
    /// True if the peer closes (FIN or RST) within <paramref name="timeout"/>, false if the
    /// connection is still open then. Bytes arriving meanwhile stay buffered for later reads.
    /// </summary>
    public async Task<bool> IsClosedByPeerAsync(TimeSpan timeout)
    {
        if (SawReset || _reader.SawEndOfStream)
        {
            return true;
        }

        using var cts = new CancellationTokenSource(timeout);
        try
        {
            while (await _reader.FillAsync(cts.Token).ConfigureAwait(false))
            {
            }

            return true;
        }
        catch (SocketException)
        {
            SawReset = true;
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Half-closes: sends FIN, keeps reading possible.</summary>
    public void ShutdownSend() => _socket.Shutdown(SocketShutdown.Send);

    /// <summary>Aborts the connection with a RST.</summary>
    public void Reset()
    {
        _socket.LingerState = new LingerOption(true, 0);
        _socket.Close();
    }

    public ValueTask DisposeAsync()
    {
        _socket.Dispose();
        return ValueTask.CompletedTask;
    }
}
