using Akka.Actor;
using System.Diagnostics;
using Akka.IO;
using Paralarva.Actors.Balancing;
using Paralarva.Actors.Http;

namespace Paralarva.Actors.Listener;

/// <summary>Phase 2: wait for a leased member connection, then send the head and any body bytes already here.</summary>
internal sealed partial class RequestActor
{
    private UpstreamLease? _lease;
    private long _upstreamStart;

    private bool WaitingForMember(object message)
    {
        switch (message)
        {
            case BalancerMessages.ConnectionLeased leased:
                OnLeased(leased);
                return true;
            case BalancerMessages.LeaseFailed failed:
                OnLeaseFailed(failed);
                return true;
            case ResponseTimedOut:
                if (ResponseDeadlineReached())
                    FailExchange(ProxyError.MemberTimeout);
                return true;
            // A retry may leave a read posted: the bytes wait for the next member.
            case Tcp.Received received:
                _input = _input.Concat(received.Data);
                return true;
            // Late events of an attempt given up.
            case ListenerMessages.ClientWriteAck or UpstreamMessages.MemberWriteAck or UpstreamMessages.MemberReceived or UpstreamMessages.MemberClosed:
                return true;
            default:
                return ReceiveConnectionEvents(message);
        }
    }

    private void OnLeased(BalancerMessages.ConnectionLeased leased)
    {
        if (leased.CorrelationId != _correlationId)
        {
            ReleaseStale(leased.Lease);
            return;
        }

        _lease = leased.Lease;
        _leaseReused = leased.Reused;
        OnAttempt();
        // Attach is in the connection's mailbox before our first write reaches the socket, so no
        // byte of the response can overtake it.
        _lease.Connection.Tell(UpstreamMessages.Attach.Instance);

        var payload = _forwardHead;
        _sentHead = _forwardHead;
        _forwardHead = ByteString.Empty;
        // A retry sends again the body bytes the failed attempt sent.
        if (!_replayBody.IsEmpty)
            payload = payload.Concat(_replayBody);
        if (!_requestComplete && !_input.IsEmpty)
        {
            var body = TakeRequestBody(_input, out var error);
            if (error != ProxyError.None)
            {
                FailExchange(error);
                return;
            }

            KeepForReplay(body);
            payload = payload.Concat(body);
        }

        _upstreamStart = Stopwatch.GetTimestamp();
        // No ResumeReading: a connection in the pool always has a read posted (see UpstreamConnection),
        // which the response's first bytes complete.
        WriteToMember(payload);
        SendContinueIfAwaited();
        Become(_exchanging);
    }

    /// <summary>
    /// RFC 9110 section 10.1.1: a client that expects 100-continue gets it from the proxy once a member is leased
    /// (nginx and Envoy answer it themselves too), so a member that ignores Expect, or an HTTP/1.0 one, cannot
    /// leave the client waiting. Errors found before the lease (400, 413, 431, 503) go out instead, as final answers.
    /// A client that sent body bytes without waiting needs no 100 (the server MAY omit it).
    /// </summary>
    private void SendContinueIfAwaited()
    {
        if (!_request.ExpectContinue || _requestComplete || _requestBodyBytes > 0)
            return;
        _continueSent = true;
        WriteToClient(ProxyErrors.Continue);
    }

    private void ReleaseStale(UpstreamLease lease) =>
        lease.Member.Tell(new BalancerMessages.ReleaseConnection(lease, Reusable: true));

    private void WriteToMember(ByteString data)
    {
        _memberWritePending = true;
        // Until it answers, the member is the one to act again (take this write, then respond): its timer restarts.
        if (_firstByteAt == 0)
            StartResponseDeadline();
        _lease!.Socket.Tell(Tcp.Write.Create(data, UpstreamMessages.MemberWriteAck.Instance));
    }
}
