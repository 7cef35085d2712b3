using Akka.Actor;
using System.Diagnostics;
using Akka.IO;
using Paralarva.Actors.Balancing;
using Paralarva.Actors.Http;

namespace Paralarva.Actors.Listener;

/// <summary>Phase 1: collect and parse a request head, route it, and ask the service for a member.</summary>
internal sealed partial class RequestActor
{
    private HeadBuffer? _requestHeadBuffer;
    private long _correlationId;

    private bool ReadingHead(object message)
    {
        switch (message)
        {
            case Tcp.Received received:
                OnHeadBytes(received.Data);
                return true;
            // Late events of the previous exchange.
            case ResponseTimedOut:
                // No answer is awaited here: the lazy timer only forgets itself (RequestActor.ResponseDeadline.cs).
                ResponseDeadlineReached();
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
        ClearClientDeadline();
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

        if (!Admit())
            return;

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
}
