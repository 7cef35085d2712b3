using System.Diagnostics;
using Akka.Actor;
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

    private bool Exchanging(object message)
    {
        switch (message)
        {
            // Events of an attempt given up for a retry are not this attempt's.
            case MemberConnectionMessages.MemberWriteAck ack when !FromCurrentMember(ack.Connection):
                return true;
            case MemberConnectionMessages.MemberReceived received when !FromCurrentMember(received.Connection):
                return true;
            case MemberConnectionMessages.MemberClosed closed when !FromCurrentMember(closed.Connection):
                return true;
            case MemberConnectionMessages.MemberWriteAck:
                OnMemberWriteAck();
                return true;
            case Tcp.Received received:
                _deadlines.ClearClient();
                SendRequestBody(received.Data);
                return true;
            case MemberConnectionMessages.MemberReceived received:
                OnMemberBytes(received);
                return true;
            case ListenerMessages.ClientWriteAck:
                OnClientWriteAck();
                return true;
            case MemberConnectionMessages.MemberClosed closed:
                OnMemberClosed(closed);
                return true;
            case ConnectionDeadlines.ResponseTimedOut:
                if (_deadlines.ResponseFired())
                    OnResponseTimeout();
                return true;
            case BalancerMessages.ConnectionLeased leased:
                ReleaseStale(leased.Connection);
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
        _exchange.MemberWritePending = false;
        if (_exchange.RequestComplete || _exchange.ResponseComplete)
        {
            TryFinishExchange();
            return;
        }

        // The rest of the body is the client's to send: a slow upload is not a member timing out (no 504) but,
        // once the client goes silent for timeouts.body_idle, a 408. A client that awaited 100 (Continue) got it
        // from the proxy with the lease, so it too is the one to act now.
        _deadlines.StopResponse();
        if (_input.IsEmpty)
            ReadClientBody();
        else
            SendRequestBody(_input);
    }

    private void SendRequestBody(ByteString data)
    {
        if (_exchange.RequestComplete || _exchange.Lease is null)
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

        _exchange.Retry.KeepForReplay(body);
        WriteToMember(body, ByteString.Empty);
    }

    /// <summary>
    /// Writes to the member socket. A write the kernel takes at once is acknowledged here and now, without a message;
    /// otherwise <see cref="MemberConnectionMessages.MemberWriteAck"/> follows.
    /// </summary>
    private void WriteToMember(ByteString data, ByteString more)
    {
        _exchange.MemberWritePending = true;
        // Until it answers, the member is the one to act again (take this write, then respond): its timer restarts.
        if (_exchange.FirstByteAt == 0)
            _deadlines.StartResponse();
        if (_exchange.Lease!.Write(data, more))
            OnMemberWriteAck();
    }

    /// <summary>Asks the client for more request body, which is now due within timeouts.body_idle.</summary>
    private void ReadClientBody()
    {
        _deadlines.ExpectBody();
        _client.Tell(Tcp.ResumeReading.Instance);
    }

    /// <summary>
    /// The part of <paramref name="data"/> that belongs to the request body; the rest stays in <see cref="_input"/>.
    /// <paramref name="error"/> is BadRequest for broken chunked framing and BodyTooLarge when a chunked body crosses
    /// limits.max_request_body_bytes (a Content-Length over it never gets here): nothing of this piece is sent then.
    /// </summary>
    private ByteString TakeRequestBody(ByteString data, out ProxyError error)
    {
        var status = _requestBody.Advance(data.ToReadOnlySpan(), out var consumed);
        _exchange.RequestBodyBytes += consumed;
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
                _exchange.RequestComplete = true;
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

    private void OnMemberBytes(MemberConnectionMessages.MemberReceived received)
    {
        if (_exchange.ResponseHeadDone)
        {
            RelayResponseBody(received.Data);
            return;
        }

        if (_exchange.FirstByteAt == 0)
        {
            _exchange.FirstByteAt = Stopwatch.GetTimestamp();
            _deadlines.StopResponse();
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
                _exchange.Lease!.ReadNext();
                return;
            }

            var parsed = status == HeadParseStatus.Complete
                ? ResponseHeadParser.Parse(head, _request.Method, _response)
                : HeadParseStatus.TooLarge;
            _responseHeadBuffer.Release();
            if (parsed == HeadParseStatus.Complete && _response.StatusCode == 101 && _exchange.UpgradeRequested
                && UpgradeRequest.AcceptedBy(_request, _response, _exchange.Route!.UpgradeProtocols))
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
            if (_request.IsHttp11 && !(_exchange.ContinueSent && _response.StatusCode == 100))
                WriteToClient(ResponseHeadWriter.Write(_response, closeClient: false, http10KeepAlive: false, via: _context.Via));
            if (rest.IsEmpty)
            {
                _exchange.Lease!.ReadNext();
                return;
            }

            data = rest;
        }
    }

    private void OnFinalResponseHead(ByteString rest)
    {
        _exchange.ResponseHeadDone = true;
        _exchange.Status = _response.StatusCode;
        _responseBody.Reset(_response.Framing, _response.ContentLength);
        // RFC 9112 section 6.1: an HTTP/1.0 client gets no transfer coding, so the end of its body is the close.
        _exchange.RemoveChunked = !_request.IsHttp11 && _response.Framing == BodyFraming.Chunked;
        // A response that overtakes the request body ends the connection: the rest of the body is unread.
        _exchange.CloseAfterResponse = _draining || !_request.KeepAlive || _response.Framing == BodyFraming.UntilClose || _exchange.RemoveChunked || !_exchange.RequestComplete;
        var head = ResponseHeadWriter.Write(_response, _exchange.CloseAfterResponse, http10KeepAlive: !_request.IsHttp11 && !_exchange.CloseAfterResponse,
            _exchange.RemoveChunked, _context.Via,
            // Session affinity: a Set-Cookie for the member that answered, unless the request was already pinned to it.
            _exchange.Route?.Affinity?.SetCookie(_exchange.MemberAffinityId, _exchange.AffinityPin) ?? default, _exchange.Route?.ResponseHeaders);
        var body = TakeResponseBody(rest, out var status);
        if (status == BodyStatus.Invalid)
        {
            _exchange.ResponseHeadDone = false;
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
        else if (!_exchange.ResponseComplete)
            _exchange.Lease!.ReadNext();
        else
            TryFinishExchange();
    }

    private ByteString TakeResponseBody(ByteString data, out BodyStatus status)
    {
        if (_exchange.RemoveChunked)
            return TakeChunkData(data, out status);

        status = _responseBody.Advance(data.ToReadOnlySpan(), out var consumed);
        _exchange.ResponseBodyBytes += consumed;
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

        _exchange.ResponseBodyBytes += offset;
        if (status == BodyStatus.Complete)
            OnResponseBodyEnd(offset, data.Count);
        return status == BodyStatus.Invalid ? ByteString.Empty : payload;
    }

    private void OnResponseBodyEnd(int consumed, int received)
    {
        _exchange.ResponseComplete = true;
        // Bytes past the end of a response answer no request: the connection cannot be trusted again.
        if (consumed < received)
            _exchange.MemberBroken = true;
    }

    private void OnClientWriteAck()
    {
        --_clientWritesPending;
        _deadlines.ClientWriteAcknowledged(_clientWritesPending);
        if (_clientWritesPending > 0 || !_exchange.ResponseHeadDone)
            return;
        if (_exchange.ResponseComplete)
            TryFinishExchange();
        else
            _exchange.Lease!.ReadNext();
    }

    private void OnMemberClosed(MemberConnectionMessages.MemberClosed closed)
    {
        _exchange.MemberBroken = true;
        if (_exchange.ResponseComplete)
        {
            TryFinishExchange();
            return;
        }
        if (_exchange.ResponseHeadDone && closed.Graceful && _responseBody.CompleteOnClose())
        {
            _exchange.ResponseComplete = true;
            TryFinishExchange();
            return;
        }

        if (!_exchange.ResponseHeadDone && TryReplay(closed))
            return;
        FailExchange(ProxyError.MemberReset);
    }

    private void OnResponseTimeout()
    {
        if (_exchange.FirstByteAt == 0 && !TryRetryAfterTimeout())
            FailExchange(ProxyError.MemberTimeout);
    }

    // ── the end of an exchange ─────────────────────────────────────────────────────────────────

    private void TryFinishExchange()
    {
        if (!_exchange.ResponseComplete || _clientWritesPending > 0)
            return;
        // The member answered before its socket acknowledged the request's last write: wait for that
        // ack (it is on its way) rather than give up a healthy keep-alive connection.
        if (_exchange.MemberWritePending && _exchange.RequestComplete && !_exchange.MemberBroken)
            return;

        _deadlines.StopResponse();
        var memberName = string.Empty;
        UpstreamCompleted? upstream = null;
        if (_exchange.Lease is not null)
        {
            var reusable = !_exchange.MemberBroken && _response.KeepAlive && _exchange.RequestComplete && !_exchange.MemberWritePending;
            memberName = ReleaseLease(reusable, _exchange.Status >= 500 ? Health.ExchangeOutcome.ServerError : Health.ExchangeOutcome.Success);
            upstream = new UpstreamCompleted(_exchange.Route?.Service ?? string.Empty, memberName,
                (_exchange.FirstByteAt - _exchange.UpstreamStart) / (double)Stopwatch.Frequency, SecondsSince(_exchange.UpstreamStart));
        }

        RecordExchange(memberName, upstream);
        if (_exchange.CloseAfterResponse || !_exchange.RequestComplete || _draining)
        {
            CloseClient();
            return;
        }

        _exchange.Reset();
        Become(_readingHead);
        if (_input.IsEmpty)
        {
            _deadlines.ExpectNextRequest();
            _client.Tell(Tcp.ResumeReading.Instance);
        }
        else
        {
            BeginRequestHead();
            ProcessInput();
        }
    }
}
