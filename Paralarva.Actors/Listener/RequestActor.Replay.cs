using Akka.Actor;
using Akka.Event;
using Akka.IO;
using Paralarva.Actors.Balancing;
using Paralarva.Actors.Http;

namespace Paralarva.Actors.Listener;

/// <summary>
/// Keep-alive races: a pooled connection that the member closed just as it was leased fails before
/// any response byte, through no fault of the request. Such a request is replayed on another
/// connection when that is safe (RFC 9110 section 9.2.2, RFC 9112 section 9.3.1): it has no body, and
/// either its method is idempotent or nothing of it reached the member.
/// </summary>
internal sealed partial class RequestActor
{
    /// <summary>A member that restarted leaves every pooled connection dead; a few replays drain them.</summary>
    private const int MaxReplays = 2;

    private bool _leaseReused;
    private int _replays;
    private ByteString _sentHead = ByteString.Empty;

    private bool TryReplay(UpstreamMessages.MemberClosed closed)
    {
        if (!_leaseReused || _firstByteAt != 0 || _replays >= MaxReplays || _route is null || !HasNoBody())
            return false;
        if (!IsIdempotent(_request.Method) && !closed.BeforeAttach)
            return false;

        _log.Debug("Replaying a request on {0}: its pooled connection to {1} was closed", _route.Service, _lease?.MemberName);
        _lease?.Member.Tell(new BalancerMessages.ReleaseConnection(_lease, Reusable: false));
        _lease = null;
        _replays++;
        _memberBroken = false;
        _memberWritePending = false;
        _forwardHead = _sentHead;
        _correlationId++;
        _route.Balancer.Tell(new BalancerMessages.AcquireConnection(_correlationId));
        Timers.StartSingleTimer(ResponseTimedOut.Instance, ResponseTimedOut.Instance, _context.Options.Timeout);
        Become(_waitingForMember);
        return true;
    }

    private bool HasNoBody() =>
        _request.Framing == BodyFraming.None || (_request.Framing == BodyFraming.ContentLength && _request.ContentLength == 0);

    private static bool IsIdempotent(HttpMethodKind method) =>
        method is HttpMethodKind.Get or HttpMethodKind.Head or HttpMethodKind.Options
            or HttpMethodKind.Trace or HttpMethodKind.Put or HttpMethodKind.Delete;

    /// <summary>A write was refused: the client's socket is gone, or the member's is closing.</summary>
    private void OnCommandFailed(Tcp.CommandFailed failed)
    {
        if (Sender.Equals(_client))
            Context.Stop(Self);
        else if (_lease is not null && Sender.Equals(_lease.Socket))
            OnMemberClosed(UpstreamMessages.MemberClosed.ErrorInstance);
    }

}
