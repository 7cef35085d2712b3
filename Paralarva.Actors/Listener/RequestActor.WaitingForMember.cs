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
                FailExchange(ProxyError.MemberTimeout);
                return true;
            case Tcp.ConnectionClosed:
                Context.Stop(Self);
                return true;
            case Tcp.CommandFailed failed:
                OnCommandFailed(failed);
                return true;
            // A retry may leave a read posted: the bytes wait for the next member.
            case Tcp.Received received:
                _input = _input.Concat(received.Data);
                return true;
            // Late events of an attempt given up.
            case ListenerMessages.ClientWriteAck or UpstreamMessages.MemberWriteAck or UpstreamMessages.MemberReceived or UpstreamMessages.MemberClosed:
                return true;
            default:
                return false;
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
            var body = TakeRequestBody(_input, out var status);
            if (status == BodyStatus.Invalid)
            {
                FailExchange(ProxyError.BadRequest);
                return;
            }

            KeepForReplay(body);
            payload = payload.Concat(body);
        }

        _upstreamStart = Stopwatch.GetTimestamp();
        WriteToMember(payload);
        _lease.Socket.Tell(Tcp.ResumeReading.Instance);
        Become(_exchanging);
    }

    private void ReleaseStale(UpstreamLease lease) =>
        lease.Member.Tell(new BalancerMessages.ReleaseConnection(lease, Reusable: true));

    private void WriteToMember(ByteString data)
    {
        _memberWritePending = true;
        // Until it answers, the member is the one to act again (take this write, then respond): its timer restarts.
        if (_firstByteAt == 0)
            Timers.StartSingleTimer(ResponseTimedOut.Instance, ResponseTimedOut.Instance, _context.Options.Timeout);
        _lease!.Socket.Tell(Tcp.Write.Create(data, UpstreamMessages.MemberWriteAck.Instance));
    }
}
