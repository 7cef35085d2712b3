using System.Diagnostics;
using Akka.Actor;
using Akka.IO;
using Paralarva.Actors.Balancing;
using Paralarva.Actors.Http;

namespace Paralarva.Actors.Listener;

/// <summary>
/// Phase 3: the request body flows to the member while the response flows back. Each direction has
/// at most one write outstanding and reads its source again only when that write is acknowledged.
/// What of each piece is body, and the response head the client gets, are decided by <see cref="RequestBodySlicer"/>,
/// <see cref="ResponseHeadRelay"/> and <see cref="ResponseBodySlicer"/>; this file does the reading and writing.
/// </summary>
internal sealed partial class RequestActor
{
    private bool Exchanging(object message)
    {
        switch (message)
        {
            // Events of an attempt given up for a retry are not this attempt's: the member ones are checked.
            case MemberConnectionMessages.MemberWriteAck ack:
                if (FromCurrentMember(ack.Connection))
                    OnMemberWriteAck();
                return true;
            case Tcp.Received received:
                _deadlines.ClearClient();
                SendRequestBody(received.Data);
                return true;
            case MemberConnectionMessages.MemberReceived received:
                if (FromCurrentMember(received.Connection))
                    OnMemberBytes(received);
                return true;
            case ListenerMessages.ClientWriteAck:
                OnClientWriteAck();
                return true;
            case MemberConnectionMessages.MemberClosed closed:
                if (FromCurrentMember(closed.Connection))
                    OnMemberClosed(closed);
                return true;
            case ConnectionDeadlines.Due due:
                if (ResponseDeadlinePassed(due))
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
        Parts.Exchange.MemberWritePending = false;
        if (Parts.Exchange.RequestComplete || Parts.Exchange.ResponseComplete)
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
        if (Parts.Exchange.RequestComplete || Parts.Exchange.Lease is null)
        {
            _input = _input.Concat(data);
            return;
        }

        var body = Parts.RequestBody.Take(data, out _input, out var error);
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

        Parts.Exchange.Retry.KeepForReplay(body);
        WriteToMember(body, ByteString.Empty);
    }

    /// <summary>
    /// Writes to the member socket. A write the kernel takes at once is acknowledged here and now, without a message;
    /// otherwise <see cref="MemberConnectionMessages.MemberWriteAck"/> follows.
    /// </summary>
    private void WriteToMember(ByteString data, ByteString more)
    {
        Parts.Exchange.MemberWritePending = true;
        // Until it answers, the member is the one to act again (take this write, then respond): its timer restarts.
        if (Parts.Exchange.FirstByteAt == 0)
            _deadlines.StartResponse();
        if (Parts.Exchange.Lease!.Write(data, more))
            OnMemberWriteAck();
    }

    /// <summary>Asks the client for more request body, which is now due within timeouts.body_idle.</summary>
    private void ReadClientBody()
    {
        _deadlines.ExpectBody();
        _client.Tell(Tcp.ResumeReading.Instance);
    }

    // ── response: member → client ──────────────────────────────────────────────────────────────

    private void OnMemberBytes(MemberConnectionMessages.MemberReceived received)
    {
        if (Parts.Exchange.ResponseHeadDone)
        {
            RelayResponseBody(received.Data);
            return;
        }

        if (Parts.Exchange.FirstByteAt == 0)
        {
            Parts.Exchange.FirstByteAt = Stopwatch.GetTimestamp();
            _deadlines.StopResponse();
        }

        ParseResponseHead(received.Data);
    }

    /// <summary>Reads heads until the final one (or an upgrade); interim 1xx heads go to the client as they come.</summary>
    private void ParseResponseHead(ByteString data)
    {
        var parsed = Parts.ResponseHead.Read(data, out var rest);
        while (parsed == ResponseHeadRelay.Parsed.Interim)
        {
            var interim = Parts.ResponseHead.InterimForClient();
            if (!interim.IsEmpty)
                WriteToClient(interim);
            parsed = rest.IsEmpty ? ResponseHeadRelay.Parsed.Incomplete : Parts.ResponseHead.Read(rest, out rest);
        }

        switch (parsed)
        {
            case ResponseHeadRelay.Parsed.Incomplete:
                Parts.Exchange.Lease!.ReadNext();
                return;
            case ResponseHeadRelay.Parsed.Upgrade:
                StartTunnel(rest);
                return;
            case ResponseHeadRelay.Parsed.Invalid:
                FailExchange(ProxyError.BadResponse);
                return;
            default:
                OnFinalResponseHead(rest);
                return;
        }
    }

    /// <summary>The final head goes to the client in one write with the body bytes that came with it.</summary>
    private void OnFinalResponseHead(ByteString rest)
    {
        Parts.ResponseHead.SettleFinal(_draining);
        Parts.ResponseBody.Begin(Parts.Response);
        var body = Parts.ResponseBody.Take(rest, out var status);
        // Nothing went out yet: the client gets a 502.
        if (status == BodyStatus.Invalid)
        {
            FailExchange(ProxyError.BadResponse);
            return;
        }

        Parts.Exchange.ResponseHeadDone = true;
        if (EndsSmall(body))
        {
            // The body joins the head's copy: the member's buffer is then free, and the write may go unacknowledged.
            WriteLastPiece(Parts.ResponseHead.FinalForClient(body));
            return;
        }

        var head = Parts.ResponseHead.FinalForClient();
        WriteToClient(body.IsEmpty ? head : head.Concat(body));
        AskForNextRequestEarly();
    }

    /// <summary>
    /// Whether <paramref name="body"/> ends the response on a connection kept for the next request, and is small enough
    /// to copy. A copy of a few KiB costs less than the acknowledgement message it saves: a small response then ends in
    /// the turn that writes it (<see cref="WriteLastPiece"/>).
    /// </summary>
    private bool EndsSmall(ByteString body) =>
        Parts.Exchange.ResponseComplete && Parts.Exchange.RequestComplete && !Parts.Exchange.CloseAfterResponse && !_draining
        && body.Count <= UnacknowledgedBodyBytes;

    /// <summary>
    /// Writes the response's last piece, a copy that holds no pooled buffer, and ends the exchange at once when the
    /// write needs no acknowledgement; otherwise the acknowledgement ends it, as for any other piece.
    /// </summary>
    private void WriteLastPiece(ByteString copy)
    {
        if (!TryWriteToClientWithoutAck(copy))
        {
            WriteToClient(copy);
            AskForNextRequestEarly();
            return;
        }

        AskForNextRequestEarly();
        TryFinishExchange();
    }

    /// <summary>
    /// The response's last piece is on its way to a client whose request is complete and whose connection stays open:
    /// the client is asked for its next request now, in the same turn as the write, so that its Akka.IO connection
    /// takes both commands in one run instead of being scheduled once more after the write's acknowledgement (one
    /// wake-up of a thread less per keep-alive request). Bytes that arrive before that acknowledgement wait in
    /// <see cref="_input"/>, like pipelined requests, until the exchange has finished.
    /// </summary>
    private void AskForNextRequestEarly()
    {
        if (!Parts.Exchange.ResponseComplete || !Parts.Exchange.RequestComplete || Parts.Exchange.CloseAfterResponse || _draining
            || !_input.IsEmpty || Parts.Exchange.NextRequestAsked)
            return;
        Parts.Exchange.NextRequestAsked = true;
        _client.Tell(Tcp.ResumeReading.Instance);
    }

    private void RelayResponseBody(ByteString data)
    {
        var body = Parts.ResponseBody.Take(data, out var status);
        if (status == BodyStatus.Invalid)
        {
            FailExchange(ProxyError.BadResponse);
            return;
        }

        if (!body.IsEmpty && EndsSmall(body))
            WriteLastPiece(ByteString.FromBytes(body.ToArray()));
        else if (!body.IsEmpty)
        {
            WriteToClient(body);
            AskForNextRequestEarly();
        }
        else if (!Parts.Exchange.ResponseComplete)
            Parts.Exchange.Lease!.ReadNext();
        else
            TryFinishExchange();
    }

    private void OnClientWriteAck()
    {
        _deadlines.ClientWriteAcknowledged(CountClientWriteAck());
        if (_clientWritesPending > 0 || !Parts.Exchange.ResponseHeadDone)
            return;
        if (Parts.Exchange.ResponseComplete)
            TryFinishExchange();
        else
            Parts.Exchange.Lease!.ReadNext();
    }

    private void OnMemberClosed(MemberConnectionMessages.MemberClosed closed)
    {
        Parts.Exchange.MemberBroken = true;
        if (Parts.Exchange.ResponseComplete || (Parts.Exchange.ResponseHeadDone && closed.Graceful && Parts.ResponseBody.CompleteOnClose()))
        {
            TryFinishExchange();
            return;
        }

        if (!Parts.Exchange.ResponseHeadDone && TryReplay(closed))
            return;
        FailExchange(ProxyError.MemberReset);
    }

    private void OnResponseTimeout()
    {
        if (Parts.Exchange.FirstByteAt == 0 && !TryRetryAfterTimeout())
            FailExchange(ProxyError.MemberTimeout);
    }
}
