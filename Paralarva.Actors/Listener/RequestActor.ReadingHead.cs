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

    /// <summary>
    /// The exchange ended with the connection kept: serve a pipelined request already here, or give the exchange's parts
    /// back and wait for the next.
    /// </summary>
    private void AwaitNextRequest()
    {
        var nextRequestAsked = Parts.Exchange.NextRequestAsked;
        Parts.Exchange.Reset();
        Become(_readingHead);
        if (_input.IsEmpty)
        {
            _context.PartsPool.Return(Parts);
            _parts = null;
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
        _parts ??= _context.PartsPool.Take(_context);
        _input = _input.IsEmpty ? data : _input.Concat(data);
        BeginRequestHead();
        ProcessInput();
    }

    /// <summary>A request's first byte: its head is now due (timeouts.request_head), and its timeout answered with 408.</summary>
    private void BeginRequestHead()
    {
        Parts.Exchange.HeadBytesSeen = true;
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
            case HeadParseStatus.Incomplete when RequestLineScan.Check(_requestHeadBuffer.Collected, Parts.Request) != RequestLineScan.Verdict.Invalid:
                _client.Tell(Tcp.ResumeReading.Instance);
                return;
            case HeadParseStatus.Incomplete:
                Parts.Exchange.Start = Stopwatch.GetTimestamp();
                RejectRequest(ProxyError.BadRequest);
                return;
            case HeadParseStatus.TooLarge:
                Parts.Exchange.Start = Stopwatch.GetTimestamp();
                RejectRequest(RequestLineScan.Check(_requestHeadBuffer.WithinLimit(data), Parts.Request) switch
                {
                    RequestLineScan.Verdict.Pending => ProxyError.UriTooLong,
                    RequestLineScan.Verdict.Invalid => ProxyError.BadRequest,
                    _ => ProxyError.HeadTooLarge,
                });
                return;
        }

        _input = rest;
        Parts.Exchange.Start = Stopwatch.GetTimestamp();
        _deadlines.ClearClient();
        var parsed = RequestHeadParser.Parse(head, Parts.Request);
        _requestHeadBuffer.Release();
        if (parsed != HeadParseStatus.Complete)
        {
            // Too many field lines is a head too large (RFC 6585 section 5), like too many bytes.
            RejectRequest(parsed == HeadParseStatus.TooLarge ? ProxyError.HeadTooLarge : ProxyError.BadRequest);
            return;
        }

        Parts.Exchange.RequestParsed = true;

        OnRequestHead();
    }

    private void OnRequestHead()
    {
        // A reverse proxy tunnels nothing on CONNECT (nginx answers 400 too): a member that answered it 2xx would turn
        // a pooled connection into a tunnel (RFC 9112 section 6.3 point 2) for whichever request came next.
        if (Parts.Request.Method == HttpMethodKind.Connect)
        {
            RejectRequest(ProxyError.BadRequest);
            return;
        }

        Parts.Exchange.Route = _context.Routes.Find(Parts.Request.RouteHost, Parts.Request.RoutePath, out var hostKnown);
        if (Parts.Exchange.Route is null)
        {
            if (hostKnown)
                AnswerNoPathRoute();
            else
                RejectRequest(ProxyError.NoRoute);
            return;
        }

        var verdict = _admission.Admit(Parts.Exchange.Route.Admission, Parts.Exchange.Start, out var retryAfter);
        if (verdict != AdmissionVerdict.Admitted)
        {
            AnswerRefusal(verdict, retryAfter);
            return;
        }

        if (Parts.Request.MaxForwards == 0)
        {
            AnswerLastHop();
            return;
        }

        // RFC 9110 section 15.5.14: a declared length over the limit is refused before any of the body is read,
        // and before any 100 (Continue), so a client that waits for one never sends it.
        var maxBody = _context.Limits.MaxRequestBodyBytes;
        if (maxBody > 0 && Parts.Request.ContentLength > maxBody)
        {
            RejectRequest(ProxyError.BodyTooLarge);
            return;
        }

        Parts.RequestBody.Begin(Parts.Request);

        if (_context.Options.DryRun)
        {
            AnswerDryRun();
            return;
        }

        Parts.Exchange.UpgradeRequested = UpgradeRequest.Is(Parts.Request, Parts.Exchange.Route.UpgradeProtocols);
        Parts.Exchange.ForwardHead = RequestHeadWriter.Write(
            Parts.Request, _clientAddress, Parts.Exchange.UpgradeRequested, _context.Via, Parts.Exchange.Route.UpgradeProtocols, Parts.Exchange.Route.StripLength, Parts.Exchange.Route.RequestHeaders);
        _affinity.Read(Parts.Request, Parts.Exchange);
        AcquireMember();
    }

    // ── local answers: the dry-run 200, 403, 404, 429 (LocalAnswers) ──────────────────────────────

    private void AnswerDryRun()
    {
        var keepAlive = LocalAnswers.KeepAlive(Parts.Request, _draining, ref _input);
        SendLocalAnswer(200, keepAlive, ProxyErrors.DryRun(keepAlive));
    }

    private void AnswerRefusal(AdmissionVerdict verdict, int retryAfterSeconds)
    {
        var keepAlive = LocalAnswers.KeepAlive(Parts.Request, _draining, ref _input);
        var answer = LocalAnswers.Refusal(verdict, retryAfterSeconds, keepAlive, out var status);
        SendLocalAnswer(status, keepAlive, answer);
    }

    private void AnswerNoPathRoute()
    {
        _recorder.Error(Parts.Exchange, ProxyError.NoPathRoute);
        var keepAlive = LocalAnswers.KeepAlive(Parts.Request, _draining, ref _input);
        SendLocalAnswer(404, keepAlive, LocalAnswers.NotFound(keepAlive));
    }

    /// <summary>A TRACE or OPTIONS with no hop left: the proxy is its final recipient (<see cref="LocalAnswers.LastHop"/>).</summary>
    private void AnswerLastHop()
    {
        var keepAlive = LocalAnswers.KeepAlive(Parts.Request, _draining, ref _input);
        var answer = LocalAnswers.LastHop(Parts.Request.Method, keepAlive, out var status);
        SendLocalAnswer(status, keepAlive, answer);
    }

    /// <summary>Answers a well-formed request the proxy will not forward; the connection then closes or not as <see cref="LocalAnswers"/> rules.</summary>
    /// <param name="answer">Carries <c>Connection: close</c> exactly when <paramref name="keepAlive"/> is false.</param>
    private void SendLocalAnswer(int status, bool keepAlive, ByteString answer)
    {
        Parts.Exchange.RequestComplete = keepAlive;
        Parts.Exchange.CloseAfterResponse = !keepAlive;
        Parts.Exchange.Status = status;
        Parts.Exchange.ResponseHeadDone = true;
        Parts.Exchange.ResponseComplete = true;
        WriteToClient(HttpDate.Stamp(LocalAnswers.For(Parts.Request, answer)));
        Become(_exchanging);
    }
}
