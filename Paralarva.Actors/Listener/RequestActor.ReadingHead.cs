using System.Diagnostics;
using Akka.Actor;
using Akka.IO;
using Paralarva.Actors.Admission;
using Paralarva.Actors.Balancing;
using Paralarva.Actors.Balancing.Strategies;
using Paralarva.Actors.Http;

namespace Paralarva.Actors.Listener;

/// <summary>
/// Phase 1: collect and parse a request head, route it, admit it (Admission/), and ask the service for a member; or
/// answer it here: the proxy's local answers (403 and 429 of the admission policy, 404 for a path no service takes)
/// and dry-run.
/// </summary>
internal sealed partial class RequestActor
{
    private HeadBuffer? _requestHeadBuffer;

    /// <summary>The hash of the client address: the same for every request of the connection, so computed once (0: not yet).</summary>
    private ulong _clientHashKey;

    private bool ReadingHead(object message)
    {
        switch (message)
        {
            case Tcp.Received received:
                OnHeadBytes(received.Data);
                return true;
            // Late events of the previous exchange.
            case ConnectionDeadlines.ResponseTimedOut:
                // No answer is awaited here: the lazy timer only forgets itself.
                _deadlines.ResponseFired();
                return true;
            case ListenerMessages.ClientWriteAck or MemberConnectionMessages.MemberWriteAck or BalancerMessages.LeaseFailed:
                return true;
            case BalancerMessages.ConnectionLeased leased:
                ReleaseStale(leased.Connection);
                return true;
            default:
                return ReceiveConnectionEvents(message);
        }
    }

    private void OnHeadBytes(ByteString data)
    {
        _input = _input.IsEmpty ? data : _input.Concat(data);
        BeginRequestHead();
        ProcessInput();
    }

    /// <summary>A request's first byte: its head is now due (timeouts.request_head), and its timeout answered with 408.</summary>
    private void BeginRequestHead()
    {
        _exchange.HeadBytesSeen = true;
        _deadlines.HeadBegun();
    }

    /// <summary>Looks for a request head in <see cref="_input"/>; asks the client for more when there is none yet.</summary>
    private void ProcessInput()
    {
        _requestHeadBuffer ??= new HeadBuffer(_context.Limits.MaxRequestHeadBytes);
        var data = _input;
        _input = ByteString.Empty;
        var status = _requestHeadBuffer.Add(data, out var head, out var rest);
        switch (status)
        {
            case HeadParseStatus.Incomplete:
                _client.Tell(Tcp.ResumeReading.Instance);
                return;
            case HeadParseStatus.TooLarge:
                _exchange.Start = Stopwatch.GetTimestamp();
                RejectRequest(ProxyError.HeadTooLarge);
                return;
        }

        _input = rest;
        _exchange.Start = Stopwatch.GetTimestamp();
        _deadlines.ClearClient();
        var parsed = RequestHeadParser.Parse(head, _request);
        _requestHeadBuffer.Release();
        if (parsed != HeadParseStatus.Complete)
        {
            // Too many field lines is a head too large (RFC 6585 section 5), like too many bytes.
            RejectRequest(parsed == HeadParseStatus.TooLarge ? ProxyError.HeadTooLarge : ProxyError.BadRequest);
            return;
        }

        _exchange.RequestParsed = true;

        OnRequestHead();
    }

    private void OnRequestHead()
    {
        // A reverse proxy tunnels nothing on CONNECT (nginx answers 400 too): a member that answered it 2xx would turn
        // a pooled connection into a tunnel (RFC 9112 section 6.3 point 2) for whichever request came next.
        if (_request.Method == HttpMethodKind.Connect)
        {
            RejectRequest(ProxyError.BadRequest);
            return;
        }

        _exchange.Route = _context.Routes.Find(_request.RouteHost, _request.RoutePath, out var hostKnown);
        if (_exchange.Route is null)
        {
            if (hostKnown)
                AnswerNoPathRoute();
            else
                RejectRequest(ProxyError.NoRoute);
            return;
        }

        var verdict = _admission.Admit(_exchange.Route.Admission, _exchange.Start, out var retryAfter);
        if (verdict != AdmissionVerdict.Admitted)
        {
            AnswerRefusal(verdict, retryAfter);
            return;
        }

        // RFC 9110 section 15.5.14: a declared length over the limit is refused before any of the body is read,
        // and before any 100 (Continue), so a client that waits for one never sends it.
        var maxBody = _context.Limits.MaxRequestBodyBytes;
        if (maxBody > 0 && _request.ContentLength > maxBody)
        {
            RejectRequest(ProxyError.BodyTooLarge);
            return;
        }

        _requestBody.Reset(_request.Framing, _request.ContentLength);
        _exchange.RequestComplete = _request.Framing == BodyFraming.None
            || (_request.Framing == BodyFraming.ContentLength && _request.ContentLength == 0);

        if (_context.Options.DryRun)
        {
            AnswerDryRun();
            return;
        }

        _exchange.UpgradeRequested = UpgradeRequest.Is(_request, _exchange.Route.UpgradeProtocols);
        _exchange.ForwardHead = RequestHeadWriter.Write(
            _request, _clientAddress, _exchange.UpgradeRequested, _context.Via, _exchange.Route.UpgradeProtocols, _exchange.Route.StripLength, _exchange.Route.RequestHeaders);
        ReadAffinity();
        AcquireMember();
    }

    /// <summary>
    /// Session affinity on the request side: what the route's <see cref="AffinityPolicy"/> reads from the request head
    /// for the lease request (its <c>consistent_hash</c> key and the member its affinity cookie names), kept in the
    /// exchange so that retries send the same.
    /// </summary>
    private void ReadAffinity()
    {
        var policy = _exchange.Route!.Affinity;
        if (policy is null)
            return;
        if (_clientHashKey == 0)
            _clientHashKey = AffinityHash.Of(_clientAddress) | 1;
        _exchange.HashKey = policy.HashKey(_request, _clientHashKey);
        _exchange.AffinityPin = policy.Pin(_request);
    }

    private void AnswerDryRun()
    {
        // Dry-run reads no body, so a request that has one cannot be followed on this connection.
        _exchange.CloseAfterResponse = _draining || !_request.KeepAlive || !_exchange.RequestComplete;
        _exchange.Status = 200;
        _exchange.ResponseHeadDone = true;
        _exchange.ResponseComplete = true;
        WriteToClient(ProxyErrors.DryRun(keepAlive: !_exchange.CloseAfterResponse));
        Become(_exchanging);
    }

    // ── local answers: 403, 404, 429 ───────────────────────────────────────────────────────────

    /// <summary>The admission policy refused the request: 403 when denied, else 429 with Retry-After.</summary>
    private void AnswerRefusal(AdmissionVerdict verdict, int retryAfterSeconds)
    {
        var keepAlive = CanKeepAliveAfterLocalAnswer();
        SendLocalAnswer(verdict == AdmissionVerdict.Denied ? 403 : 429, keepAlive, verdict == AdmissionVerdict.Denied
            ? AdmissionResponses.Forbidden(keepAlive)
            : AdmissionResponses.TooManyRequests(retryAfterSeconds, keepAlive));
    }

    private void AnswerNoPathRoute()
    {
        _recorder.Error(_exchange, ProxyError.NoPathRoute);
        var keepAlive = CanKeepAliveAfterLocalAnswer();
        SendLocalAnswer(404, keepAlive, keepAlive ? ProxyErrors.NotFoundKeepAlive : ProxyErrors.Response(ProxyError.NoPathRoute));
    }

    /// <summary>True when the connection can go on after a local answer; drops the request's received body if so.</summary>
    private bool CanKeepAliveAfterLocalAnswer() =>
        // An HTTP/1.0 client gets a close: the canned answers carry no Connection: keep-alive.
        !_draining && _request.KeepAlive && _request.IsHttp11 && SkipReceivedBody();

    /// <summary>
    /// Answers a well-formed request the proxy will not forward. As nginx does after its own 403/404/429, the connection
    /// stays open for the next request when this one had no body or its whole body had already arrived; otherwise it
    /// closes after the answer rather than read a body nobody wants. A malformed request never comes here: it is
    /// answered and closed (<see cref="RejectRequest"/>).
    /// </summary>
    /// <param name="answer">Carries <c>Connection: close</c> exactly when <paramref name="keepAlive"/> is false.</param>
    private void SendLocalAnswer(int status, bool keepAlive, ByteString answer)
    {
        _exchange.RequestComplete = keepAlive;
        _exchange.CloseAfterResponse = !keepAlive;
        _exchange.Status = status;
        _exchange.ResponseHeadDone = true;
        _exchange.ResponseComplete = true;
        WriteToClient(_request.Method == HttpMethodKind.Head ? ProxyErrors.WithoutBody(answer) : answer);
        Become(_exchanging);
    }

    /// <summary>
    /// Drops the answered request's body when all of it is already here, so the next request can be read; false when
    /// some is still to come (or chunked): the connection then closes after the answer rather than read it.
    /// </summary>
    private bool SkipReceivedBody()
    {
        switch (_request.Framing)
        {
            case BodyFraming.None:
                return true;
            case BodyFraming.ContentLength when _request.ContentLength <= _input.Count:
                _input = _input.Slice((int)_request.ContentLength);
                return true;
            default:
                return false;
        }
    }
}
