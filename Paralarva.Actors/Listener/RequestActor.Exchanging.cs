using Akka.Actor;
using System.Diagnostics;
using Akka.IO;
using Paralarva.Actors.Balancing;
using Paralarva.Actors.Http;
using Paralarva.Actors.Metrics;

namespace Paralarva.Actors.Listener;

/// <summary>
/// Phase 3: the request body flows to the member while the response flows back. Each direction has
/// at most one write outstanding and reads its source again only when that write is acknowledged.
/// </summary>
internal sealed partial class RequestActor
{
    /// <summary>Members send heads of any size; beyond this the proxy answers 502, as nginx does for a too big header.</summary>
    private const int MaxResponseHeadBytes = 64 * 1024;

    private HeadBuffer? _responseHeadBuffer;
    private bool _requestComplete;
    private bool _memberWritePending;
    private int _clientWritesPending;
    private bool _responseHeadDone;
    private bool _responseComplete;
    private bool _closeAfterResponse;
    /// <summary>The response is chunked and the client speaks HTTP/1.0: relay the chunk-data only, then close.</summary>
    private bool _removeChunked;
    private bool _memberBroken;
    /// <summary>The proxy sent its own 100 (Continue): the member's, if it sends one too, is not relayed again.</summary>
    private bool _continueSent;
    private int _status;
    private long _firstByteAt;
    private long _requestBodyBytes;
    private long _responseBodyBytes;

    private bool Exchanging(object message)
    {
        switch (message)
        {
            // Events of an attempt given up for a retry are not this attempt's.
            case UpstreamMessages.MemberWriteAck or UpstreamMessages.MemberReceived or UpstreamMessages.MemberClosed when !FromCurrentMember():
                return true;
            case UpstreamMessages.MemberWriteAck:
                OnMemberWriteAck();
                return true;
            case Tcp.Received received:
                ClearClientDeadline();
                SendRequestBody(received.Data);
                return true;
            case UpstreamMessages.MemberReceived received:
                OnMemberBytes(received);
                return true;
            case ListenerMessages.ClientWriteAck:
                OnClientWriteAck();
                return true;
            case UpstreamMessages.MemberClosed closed:
                OnMemberClosed(closed);
                return true;
            case ResponseTimedOut:
                if (ResponseDeadlineReached())
                    OnResponseTimeout();
                return true;
            case BalancerMessages.ConnectionLeased leased:
                ReleaseStale(leased.Lease);
                return true;
            case BalancerMessages.LeaseFailed:
                return true;
            default:
                return ReceiveConnectionEvents(message);
        }
    }

    // ── request body: client → member ──────────────────────────────────────────────────────────

    private void OnMemberWriteAck()
    {
        _memberWritePending = false;
        if (_requestComplete || _responseComplete)
        {
            TryFinishExchange();
            return;
        }

        // The rest of the body is the client's to send: a slow upload is not a member timing out (no 504) but,
        // once the client goes silent for timeouts.body_idle, a 408. A client that awaited 100 (Continue) got it
        // from the proxy with the lease, so it too is the one to act now.
        StopResponseDeadline();
        if (_input.IsEmpty)
            ReadClientBody();
        else
            SendRequestBody(_input);
    }

    private void SendRequestBody(ByteString data)
    {
        if (_requestComplete || _lease is null)
        {
            _input = _input.Concat(data);
            return;
        }

        var body = TakeRequestBody(data, out var error);
        if (error != ProxyError.None)
        {
            FailExchange(error);
            return;
        }

        if (body.IsEmpty)
        {
            ReadClientBody();
            return;
        }

        KeepForReplay(body);
        WriteToMember(body);
    }

    /// <summary>
    /// The part of <paramref name="data"/> that belongs to the request body; the rest stays in <see cref="_input"/>.
    /// <paramref name="error"/> is BadRequest for broken chunked framing and BodyTooLarge when a chunked body crosses
    /// limits.max_request_body_bytes (a Content-Length over it never gets here): nothing of this piece is sent then.
    /// </summary>
    private ByteString TakeRequestBody(ByteString data, out ProxyError error)
    {
        var status = _requestBody.Advance(data.ToReadOnlySpan(), out var consumed);
        _requestBodyBytes += consumed;
        var maxBody = _context.Limits.MaxRequestBodyBytes;
        error = status == BodyStatus.Invalid ? ProxyError.BadRequest
            : maxBody > 0 && _requestBody.BodyBytes > maxBody ? ProxyError.BodyTooLarge
            : ProxyError.None;
        if (error != ProxyError.None)
        {
            _input = ByteString.Empty;
            return ByteString.Empty;
        }

        switch (status)
        {
            case BodyStatus.Complete:
                _requestComplete = true;
                _input = data.Slice(consumed);
                return data.Slice(0, consumed);
            case BodyStatus.Invalid:
                _input = ByteString.Empty;
                return ByteString.Empty;
            default:
                _input = ByteString.Empty;
                return data;
        }
    }

    // ── response: member → client ──────────────────────────────────────────────────────────────

    private void OnMemberBytes(UpstreamMessages.MemberReceived received)
    {
        if (_responseHeadDone)
        {
            RelayResponseBody(received.Data);
            return;
        }

        if (_firstByteAt == 0)
        {
            _firstByteAt = Stopwatch.GetTimestamp();
            StopResponseDeadline();
        }

        ParseResponseHead(received.Data);
    }

    private void ParseResponseHead(ByteString data)
    {
        _responseHeadBuffer ??= new HeadBuffer(MaxResponseHeadBytes);
        while (true)
        {
            var status = _responseHeadBuffer.Add(data, out var head, out var rest);
            if (status == HeadParseStatus.Incomplete)
            {
                _lease!.Socket.Tell(Tcp.ResumeReading.Instance);
                return;
            }

            var parsed = status == HeadParseStatus.Complete
                ? ResponseHeadParser.Parse(head, _request.Method, _response)
                : HeadParseStatus.TooLarge;
            _responseHeadBuffer.Release();
            if (parsed == HeadParseStatus.Complete && _response.StatusCode == 101 && _upgradeRequested
                && UpgradeRequest.AcceptedBy(_request, _response, _route!.UpgradeProtocols))
            {
                StartTunnel(rest);
                return;
            }

            // A 101 nobody asked for, or for a protocol not offered, cannot be relayed: the member would talk another protocol.
            if (parsed != HeadParseStatus.Complete || _response.StatusCode == 101)
            {
                FailExchange(ProxyError.BadResponse);
                return;
            }

            if (!_response.IsInterim)
            {
                OnFinalResponseHead(rest);
                return;
            }

            // RFC 9110 section 15.2: no 1xx to an HTTP/1.0 client; and one 100 (Continue) is enough (section 10.1.1).
            if (_request.IsHttp11 && !(_continueSent && _response.StatusCode == 100))
                WriteToClient(ResponseHeadWriter.Write(_response, closeClient: false, http10KeepAlive: false, via: _context.Via));
            if (rest.IsEmpty)
            {
                _lease!.Socket.Tell(Tcp.ResumeReading.Instance);
                return;
            }

            data = rest;
        }
    }

    private void OnFinalResponseHead(ByteString rest)
    {
        _responseHeadDone = true;
        _status = _response.StatusCode;
        _responseBody.Reset(_response.Framing, _response.ContentLength);
        // RFC 9112 section 6.1: an HTTP/1.0 client gets no transfer coding, so the end of its body is the close.
        _removeChunked = !_request.IsHttp11 && _response.Framing == BodyFraming.Chunked;
        // A response that overtakes the request body ends the connection: the rest of the body is unread.
        _closeAfterResponse = _draining || !_request.KeepAlive || _response.Framing == BodyFraming.UntilClose || _removeChunked || !_requestComplete;
        var head = ResponseHeadWriter.Write(_response, _closeAfterResponse, http10KeepAlive: !_request.IsHttp11 && !_closeAfterResponse, _removeChunked, _context.Via);
        var body = TakeResponseBody(rest, out var status);
        if (status == BodyStatus.Invalid)
        {
            _responseHeadDone = false;
            FailExchange(ProxyError.BadResponse);
            return;
        }

        WriteToClient(body.IsEmpty ? head : head.Concat(body));
    }

    private void RelayResponseBody(ByteString data)
    {
        var body = TakeResponseBody(data, out var status);
        if (status == BodyStatus.Invalid)
        {
            FailExchange(ProxyError.BadResponse);
            return;
        }

        if (!body.IsEmpty)
            WriteToClient(body);
        else if (!_responseComplete)
            _lease!.Socket.Tell(Tcp.ResumeReading.Instance);
        else
            TryFinishExchange();
    }

    private ByteString TakeResponseBody(ByteString data, out BodyStatus status)
    {
        if (_removeChunked)
            return TakeChunkData(data, out status);

        status = _responseBody.Advance(data.ToReadOnlySpan(), out var consumed);
        _responseBodyBytes += consumed;
        if (status != BodyStatus.Complete)
            return status == BodyStatus.Invalid ? ByteString.Empty : data;

        OnResponseBodyEnd(consumed, data.Count);
        return consumed == data.Count ? data : data.Slice(0, consumed);
    }

    /// <summary>The chunk-data in <paramref name="data"/>, sliced out of its framing without copying.</summary>
    private ByteString TakeChunkData(ByteString data, out BodyStatus status)
    {
        var span = data.ToReadOnlySpan();
        var payload = ByteString.Empty;
        var offset = 0;
        do
        {
            status = _responseBody.AdvanceDecoding(span[offset..], out var consumed, out var length);
            if (length > 0)
                payload = payload.Concat(data.Slice(offset + consumed - length, length));
            offset += consumed;
        }
        while (status == BodyStatus.NeedMore && offset < span.Length);

        _responseBodyBytes += offset;
        if (status == BodyStatus.Complete)
            OnResponseBodyEnd(offset, data.Count);
        return status == BodyStatus.Invalid ? ByteString.Empty : payload;
    }

    private void OnResponseBodyEnd(int consumed, int received)
    {
        _responseComplete = true;
        // Bytes past the end of a response answer no request: the connection cannot be trusted again.
        if (consumed < received)
            _memberBroken = true;
    }

    private void OnClientWriteAck()
    {
        --_clientWritesPending;
        OnClientWriteProgress();
        if (_clientWritesPending > 0 || !_responseHeadDone)
            return;
        if (_responseComplete)
            TryFinishExchange();
        else
            _lease!.Socket.Tell(Tcp.ResumeReading.Instance);
    }

    private void OnMemberClosed(UpstreamMessages.MemberClosed closed)
    {
        _memberBroken = true;
        if (_responseComplete)
        {
            TryFinishExchange();
            return;
        }
        if (_responseHeadDone && closed.Graceful && _responseBody.CompleteOnClose())
        {
            _responseComplete = true;
            TryFinishExchange();
            return;
        }

        if (!_responseHeadDone && TryReplay(closed))
            return;
        FailExchange(ProxyError.MemberReset);
    }

    private void OnResponseTimeout()
    {
        if (_firstByteAt == 0 && !TryRetryAfterTimeout())
            FailExchange(ProxyError.MemberTimeout);
    }

    // ── the end of an exchange ─────────────────────────────────────────────────────────────────

    private void TryFinishExchange()
    {
        if (!_responseComplete || _clientWritesPending > 0)
            return;
        // The member answered before its socket acknowledged the request's last write: wait for that
        // ack (it is on its way) rather than give up a healthy keep-alive connection.
        if (_memberWritePending && _requestComplete && !_memberBroken)
            return;

        StopResponseDeadline();
        var memberName = string.Empty;
        UpstreamCompleted? upstream = null;
        if (_lease is not null)
        {
            var reusable = !_memberBroken && _response.KeepAlive && _requestComplete && !_memberWritePending;
            _lease.Member.Tell(new BalancerMessages.ReleaseConnection(_lease, reusable)
            {
                Outcome = _status >= 500 ? Health.ExchangeOutcome.ServerError : Health.ExchangeOutcome.Success,
            });
            memberName = _lease.MemberName;
            upstream = new UpstreamCompleted(_route?.Service ?? string.Empty, memberName,
                (_firstByteAt - _upstreamStart) / (double)Stopwatch.Frequency, SecondsSince(_upstreamStart));
            _lease = null;
        }

        RecordExchange(memberName, upstream);
        if (_closeAfterResponse || !_requestComplete || _draining)
        {
            CloseClient();
            return;
        }

        ResetExchange();
        Become(_readingHead);
        if (_input.IsEmpty)
        {
            SetClientDeadline(ClientDeadline.Idle, _context.Timeouts.ClientIdle);
            _client.Tell(Tcp.ResumeReading.Instance);
        }
        else
        {
            BeginRequestHead();
            ProcessInput();
        }
    }

    private void ResetExchange()
    {
        _route = null;
        _requestParsed = false;
        ResetRetries();
        _requestComplete = false;
        _memberWritePending = false;
        _responseHeadDone = false;
        _responseComplete = false;
        _closeAfterResponse = false;
        _removeChunked = false;
        _memberBroken = false;
        _continueSent = false;
        _headBytesSeen = false;
        _status = 0;
        _firstByteAt = 0;
        _requestBodyBytes = 0;
        _responseBodyBytes = 0;
    }
}
