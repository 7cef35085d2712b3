namespace Paralarva.Actors.Balancing;

/// <summary>
/// A member's load as its BalancerActor sees it, without a message per request: the balancer counts the lease
/// requests it took for the member, and the requests end at the balancer (a release) or at the MemberActor (a
/// lease request it failed); the member publishes how many requests wait in its queue. The balancer reads these
/// with volatile reads and may see them a few requests late, which a load-aware strategy tolerates (it is an
/// estimate in YARP and Envoy too).
/// </summary>
internal sealed class MemberLoad
{
    private long _forwarded;
    private long _finished;
    private int _waiting;

    /// <summary>Requests taken for the member and not yet ended, as far as the balancer can tell.</summary>
    public int InFlight
    {
        get
        {
            var inFlight = _forwarded - Interlocked.Read(ref _finished);
            return inFlight <= 0 ? 0 : (int)inFlight;
        }
    }

    /// <summary>Written by the MemberActor: lease requests queued for a connection. A release goes to them first.</summary>
    public int Waiting
    {
        get => Volatile.Read(ref _waiting);
        set => Volatile.Write(ref _waiting, value);
    }

    /// <summary>Balancer only: a lease request was taken for the member.</summary>
    public void Forwarded() => _forwarded++;

    /// <summary>Balancer or MemberActor: a lease request ended (lease released or reclaimed, or failed).</summary>
    public void Finished() => Interlocked.Increment(ref _finished);
}
