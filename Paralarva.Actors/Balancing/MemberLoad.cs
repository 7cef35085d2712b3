namespace Paralarva.Actors.Balancing;

/// <summary>
/// A member's in-flight requests as its BalancerActor sees them, without a message per request: the
/// balancer counts the lease requests it forwarded, the MemberActor the ones that ended (released,
/// failed, reclaimed). Each counter has a single writer, so no lock or interlocked operation is needed;
/// the balancer reads the member's counter with a volatile read and may see it a few requests late,
/// which a load-aware strategy tolerates (it is an estimate in YARP and Envoy too).
/// </summary>
internal sealed class MemberLoad
{
    private long _forwarded;
    private long _finished;

    /// <summary>Requests forwarded and not yet ended, as far as the balancer can tell.</summary>
    public int InFlight
    {
        get
        {
            var inFlight = _forwarded - Volatile.Read(ref _finished);
            return inFlight <= 0 ? 0 : (int)inFlight;
        }
    }

    /// <summary>Balancer only: a lease request went to the member.</summary>
    public void Forwarded() => _forwarded++;

    /// <summary>MemberActor only: a lease request ended (lease released or reclaimed, or failed).</summary>
    public void Finished() => Volatile.Write(ref _finished, _finished + 1);

    /// <summary>
    /// MemberActor only, after a restart lost its leases: count everything forwarded so far as ended, so
    /// the lost ones do not weigh on the member forever (requests still in its mailbox are then briefly
    /// under-counted, never below zero).
    /// </summary>
    public void Resync() => Volatile.Write(ref _finished, Volatile.Read(ref _forwarded));
}
