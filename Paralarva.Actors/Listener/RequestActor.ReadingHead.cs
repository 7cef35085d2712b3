using System.Diagnostics;
using Akka.Actor;
using Akka.IO;
using Paralarva.Actors.Admission;
using Paralarva.Actors.Balancing;
using Paralarva.Actors.Http;

namespace Paralarva.Actors.Listener;

/// <summary>
/// Phase 1: collect and parse a request head, route it, admit it (Admission/), and ask the service for a member; or
/// answer it here: the proxy's local answers (403 and 429 of the admission policy, 404 for a path no service takes;
/// see <see cref="LocalAnswers"/>) and dry-run. A kept connection comes back here after each exchange (<see cref="AwaitNextRequest"/>).
/// </summary>
internal sealed partial class RequestActor
{
    private HeadBuffer? _requestHeadBuffer;

    private bool ReadingHead(object message)
    {
        switch (message)
        {
            case Tcp.Received received:
                OnHeadBytes(received.Data);
                return true;
            default:
                return ReceiveAfterExchange(message);
        }
    }

    /// <summary>The exchange ended with the connection kept: serve a pipelined request already here, or wait for the next.</summary>
    private void AwaitNextRequest()
    {
        var nextRequestAsked = _exchange.NextRequestAsked;
        _exchange.Reset();
        ReleaseHeadTables();
        Become(_readingHead);
        if (_input.IsEmpty)
        {
            _deadlines.ExpectNextRequest();
            if (!nextRequestAsked)
                _client.Tell(Tcp.ResumeReading.Instance);
        }
        else
        {
            BeginRequestHead();
            ProcessInput();
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
            case HeadParseStatus.Incomplete when RequestLineScan.Check(_requestHeadBuffer.Collected, _request) != RequestLineScan.Verdict.Invalid:
                _client.Tell(Tcp.ResumeReading.Instance);
                return;
            case HeadParseStatus.Incomplete:
                _exchange.Start = Stopwatch.GetTimestamp();
                RejectRequest(ProxyError.BadRequest);
                return;
            case HeadParseStatus.TooLarge:
                _exchange.Start = Stopwatch.GetTimestamp();
                RejectRequest(RequestLineScan.Check(_requestHeadBuffer.WithinLimit(data), _request) switch
                {
                    RequestLineScan.Verdict.Pending => ProxyError.UriTooLong,
                    RequestLineScan.Verdict.Invalid => ProxyError.BadRequest,
                    _ => ProxyError.HeadTooLarge,
                });
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

        if (_request.MaxForwards == 0)
        {
            AnswerLastHop();
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

        _requestBody.Begin(_request);

        if (_context.Options.DryRun)
        {
            AnswerDryRun();
            return;
        }

        _exchange.UpgradeRequested = UpgradeRequest.Is(_request, _exchange.Route.UpgradeProtocols);
        _exchange.ForwardHead = RequestHeadWriter.Write(
            _request, _clientAddress, _exchange.UpgradeRequested, _context.Via, _exchange.Route.UpgradeProtocols, _exchange.Route.StripLength, _exchange.Route.RequestHeaders);
        _affinity.Read(_request, _exchange);
        AcquireMember();
    }

    // ── local answers: the dry-run 200, 403, 404, 429 (LocalAnswers) ──────────────────────────────

    private void AnswerDryRun()
    {
        var keepAlive = LocalAnswers.KeepAlive(_request, _draining, ref _input);
        SendLocalAnswer(200, keepAlive, ProxyErrors.DryRun(keepAlive));
    }

    private void AnswerRefusal(AdmissionVerdict verdict, int retryAfterSeconds)
    {
        var keepAlive = LocalAnswers.KeepAlive(_request, _draining, ref _input);
        var answer = LocalAnswers.Refusal(verdict, retryAfterSeconds, keepAlive, out var status);
        SendLocalAnswer(status, keepAlive, answer);
    }

    private void AnswerNoPathRoute()
    {
        _recorder.Error(_exchange, ProxyError.NoPathRoute);
        var keepAlive = LocalAnswers.KeepAlive(_request, _draining, ref _input);
        SendLocalAnswer(404, keepAlive, LocalAnswers.NotFound(keepAlive));
    }

    /// <summary>A TRACE or OPTIONS with no hop left: the proxy is its final recipient (<see cref="LocalAnswers.LastHop"/>).</summary>
    private void AnswerLastHop()
    {
        var keepAlive = LocalAnswers.KeepAlive(_request, _draining, ref _input);
        var answer = LocalAnswers.LastHop(_request.Method, keepAlive, out var status);
        SendLocalAnswer(status, keepAlive, answer);
    }

    /// <summary>Answers a well-formed request the proxy will not forward; the connection then closes or not as <see cref="LocalAnswers"/> rules.</summary>
    /// <param name="answer">Carries <c>Connection: close</c> exactly when <paramref name="keepAlive"/> is false.</param>
    private void SendLocalAnswer(int status, bool keepAlive, ByteString answer)
    {
        _exchange.RequestComplete = keepAlive;
        _exchange.CloseAfterResponse = !keepAlive;
        _exchange.Status = status;
        _exchange.ResponseHeadDone = true;
        _exchange.ResponseComplete = true;
        WriteToClient(HttpDate.Stamp(LocalAnswers.For(_request, answer)));
        Become(_exchanging);
    }
}
