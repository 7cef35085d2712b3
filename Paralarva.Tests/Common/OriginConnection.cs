using System.Net.Sockets;

namespace Paralarva.Tests.Common;

/// <summary>
/// One accepted connection of <see cref="TestOrigin"/>: reads requests in order
/// (pipelined ones included), records them, and acts on the handler's answer.
/// </summary>
/// <remarks>
/// read head → (100 Continue, or an answer before the body) → read body → record → handler → act → next head,
/// until the peer closes, an answer closes, the input is malformed (400/431 + close),
/// or the origin is disposed.
/// </remarks>
internal sealed class OriginConnection
{
    private static readonly byte[] Continue = "HTTP/1.1 100 Continue\r\n\r\n"u8.ToArray();

    private readonly TestOrigin _origin;
    private readonly int _id;
    private readonly Socket _socket;
    private readonly WireReader _reader;
    private readonly CancellationToken _stopping;
    private int _sequenceOnConnection;
    private bool _answeredBeforeBody;

    public OriginConnection(TestOrigin origin, int id, Socket socket)
    {
        _origin = origin;
        _id = id;
        _socket = socket;
        _reader = new WireReader(socket) { Received = origin.CountReceived };
        _stopping = origin.Stopping;
    }

    public async Task RunAsync()
    {
        try
        {
            while (!_stopping.IsCancellationRequested)
            {
                var request = await ReadRequestAsync().ConfigureAwait(false);
                if (request is null)
                {
                    await CloseGracefullyAsync().ConfigureAwait(false);
                    return;
                }

                if (!_answeredBeforeBody && !await AnswerAsync(request).ConfigureAwait(false))
                {
                    return;
                }
            }
        }
        catch (HttpFormatException e)
        {
            _origin.RecordError(_id, e.Message);
            await RejectAsync(e.Message.Contains("exceeds the limit", StringComparison.Ordinal) ? 431 : 400).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException or IOException)
        {
            // Disposed, or the peer reset the connection: nothing to answer.
        }
    }

    private async Task<OriginRequest?> ReadRequestAsync()
    {
        var options = _origin.Options;
        byte[]? head;
        using (var idle = options.KeepAliveTimeout is null ? null : CancellationTokenSource.CreateLinkedTokenSource(_stopping))
        {
            if (idle is not null)
            {
                idle.CancelAfter(options.KeepAliveTimeout!.Value);
            }

            try
            {
                head = await _reader.ReadHeadAsync(options.MaxHeadBytes, idle?.Token ?? _stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (idle is not null && !_stopping.IsCancellationRequested)
            {
                _origin.RecordKeepAliveTimeout();
                return null;
            }
        }

        if (head is null)
        {
            return null;
        }

        var (requestLine, headers) = HttpWire.ParseHead(head);
        var parts = requestLine.Split(' ');
        if (parts.Length != 3 || parts[0].Length == 0 || parts[1].Length == 0 || !parts[2].StartsWith("HTTP/1.", StringComparison.Ordinal))
        {
            throw new HttpFormatException("malformed request line: " + requestLine);
        }

        var framing = HttpWire.RequestFraming(headers, out var length);
        var early = options.AnswerBeforeBody?.Invoke(parts[1]);
        _answeredBeforeBody = early is not null;
        if (early is not null)
        {
            await SendAsync(early).ConfigureAwait(false);
        }
        else if (framing != WireFraming.None && options.SendContinue && headers.HasToken("Expect", "100-continue"))
        {
            await SendAsync(Continue).ConfigureAwait(false);
        }

        using var body = new BodyCollector(options.MaxStoredBodyBytes);
        var chunkSizes = new List<long>();
        List<KeyValuePair<string, string>> trailers = [];
        if (framing == WireFraming.ContentLength)
        {
            await _reader.ReadExactAsync(length, body, _stopping).ConfigureAwait(false);
        }
        else if (framing == WireFraming.Chunked)
        {
            trailers = await HttpWire.ReadChunkedAsync(_reader, body, chunkSizes, _stopping).ConfigureAwait(false);
        }

        var onConnection = ++_sequenceOnConnection;
        return _origin.Record(sequence => new OriginRequest
        {
            Method = parts[0],
            Target = parts[1],
            Version = parts[2],
            Headers = headers,
            RawHead = head,
            Body = body.ToArray(),
            BodyLength = body.Length,
            BodySha256 = body.Sha256Hex(),
            Framing = framing,
            ChunkSizes = chunkSizes,
            Trailers = trailers,
            ConnectionId = _id,
            Sequence = sequence,
            SequenceOnConnection = onConnection,
        });
    }

    /// <summary>Acts on the handler's answer; false when the connection is finished.</summary>
    private async Task<bool> AnswerAsync(OriginRequest request)
    {
        OriginResponse response;
        try
        {
            response = _origin.Handler(request);
        }
        catch (Exception e)
        {
            _origin.RecordError(_id, "handler threw: " + e);
            response = OriginResponse.Text(500, "handler threw\n").WithClose();
        }

        while (true)
        {
            if (response.Gate is not null)
            {
                await response.Gate.WaitAsync(_stopping).ConfigureAwait(false);
            }

            if (response.Kind != OriginResponseKind.Deferred)
            {
                break;
            }

            var pending = response.Pending ?? throw new InvalidOperationException("Deferred response without Pending");
            response = await pending.WaitAsync(_stopping).ConfigureAwait(false);
        }

        switch (response.Kind)
        {
            case OriginResponseKind.Never:
                await Task.Delay(Timeout.Infinite, _stopping).ConfigureAwait(false);
                return false;
            case OriginResponseKind.Close:
                await CloseGracefullyAsync().ConfigureAwait(false);
                return false;
            case OriginResponseKind.Reset:
                _socket.LingerState = new LingerOption(true, 0);
                _socket.Close();
                return false;
            case OriginResponseKind.Raw:
                await SendAsync(response.Raw).ConfigureAwait(false);
                break;
            default:
                await OriginResponseWriter.WriteAsync(this, request, response, _stopping).ConfigureAwait(false);
                break;
        }

        var close = response.CloseAfter
            || (response.Kind == OriginResponseKind.Normal && response.Framing == WireFraming.CloseDelimited && OriginResponseWriter.HasBody(request, response))
            || WantsClose(request);
        if (close)
        {
            await CloseGracefullyAsync().ConfigureAwait(false);
            return false;
        }

        return true;
    }

    internal static bool WantsClose(OriginRequest request) =>
        request.Headers.HasToken("Connection", "close")
        || (request.Version == "HTTP/1.0" && !request.Headers.HasToken("Connection", "keep-alive"));

    internal async Task SendAsync(ReadOnlyMemory<byte> bytes)
    {
        while (bytes.Length > 0)
        {
            var sent = await _socket.SendAsync(bytes, SocketFlags.None, _stopping).ConfigureAwait(false);
            bytes = bytes[sent..];
        }
    }

    private async Task RejectAsync(int status)
    {
        try
        {
            var text = $"HTTP/1.1 {status} {OriginResponseWriter.ReasonPhrase(status)}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
            await SendAsync(HttpWire.Latin1.GetBytes(text)).ConfigureAwait(false);
            await CloseGracefullyAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException or IOException)
        {
            // The peer is gone already.
        }
    }

    /// <summary>FIN, then drain what the peer still sends for a bounded time so the close is not turned into a RST.</summary>
    private async Task CloseGracefullyAsync()
    {
        try
        {
            _socket.Shutdown(SocketShutdown.Send);
            using var linger = CancellationTokenSource.CreateLinkedTokenSource(_stopping);
            linger.CancelAfter(_origin.Options.LingerOnClose);
            var scratch = new byte[16 * 1024];
            while (await _socket.ReceiveAsync(scratch, SocketFlags.None, linger.Token).ConfigureAwait(false) > 0)
            {
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException or IOException)
        {
            // Linger ended or the peer reset: either way the connection is done.
        }
        finally
        {
            _socket.Close();
        }
    }
}
