using System.Diagnostics;
using Akka.Actor;
using Paralarva.Actors.Config;
using Paralarva.Actors.Health;
using Paralarva.Actors.Http;
using Paralarva.Actors.Metrics;
using static Paralarva.Actors.Balancing.BalancerMessages;
using static Paralarva.Actors.Balancing.MemberConnectionMessages;

namespace Paralarva.Actors.Balancing;

/// <summary>
/// The members' idle connections, held where the member is picked so that a reused connection is leased in one
/// hop. Every lease is granted here (a new connection comes from its MemberActor as <see cref="Ready"/>) and every
/// release comes back here; lessees are watched from their first lease until they stop, so a RequestActor that
/// dies mid-exchange never leaks a connection (the watch is kept across leases: a watch and an unwatch per request
/// were two system messages on the hot path). A periodic tick closes connections idle longer than
/// <c>timeouts.member_idle</c>, before the member's own keep-alive timeout would close them under a request, and
/// samples each member's load for the metrics.
/// </summary>
internal sealed partial class BalancerActor
{
    private static readonly TimeSpan MinPoolTick = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan MaxPoolTick = TimeSpan.FromMilliseconds(500);

    private readonly Dictionary<MemberConnection, IActorRef> _lesseeByConnection = new(ReferenceEqualityComparer.Instance);
    private readonly HashSet<IActorRef> _watchedLessees = new(ActorRefComparer.Instance);

    private sealed class PoolTick
    {
        public static readonly PoolTick Instance = new();
        private PoolTick() { }
    }

    private void ReceivePoolMessages()
    {
        Receive<ReleaseConnection>(OnRelease);
        Receive<Ready>(OnReady);
        Receive<IdleLost>(lost => ForgetIdle(lost.Connection));
        Receive<WaiterQueued>(_ => OnWaiterQueued(Sender));
        Receive<PoolTick>(_ => OnPoolTick());
    }

    private void StartPoolTick()
    {
        // An eighth of member_idle: a connection idles at most 12.5% longer than that.
        var tick = TimeSpan.FromTicks(_timeouts.MemberIdle.Ticks / 8);
        tick = tick < MinPoolTick ? MinPoolTick : tick > MaxPoolTick ? MaxPoolTick : tick;
        Timers.StartPeriodicTimer(PoolTick.Instance, PoolTick.Instance, tick);
    }

    /// <summary>
    /// A lease request: the strategy picks an available member (or, in panic mode, any), whose most recently used idle
    /// connection is leased here; with none idle the request goes on to the member, which opens one or queues it.
    /// </summary>
    private void OnAcquire(AcquireConnection acquire)
    {
        var pool = _available.Count > 0 || _service.WhenAllMembersDown == AllMembersDownPolicy.Reject ? _available : _members;
        if (!acquire.Excluded.IsEmpty)
            pool = Without(pool, acquire);
        if (pool.Count == 0)
        {
            if (HoldUntilFirstResolution(acquire))
                return;
            Sender.Tell(new LeaseFailed(acquire.CorrelationId, AnyEjected() ? ProxyError.Ejected : ProxyError.NoMemberAvailable, null));
            return;
        }

        var member = PinnedMember(acquire) ?? pool[_strategy.Pick(pool, acquire.HashKey)];
        member.Load.Forwarded();
        if (!TryLeaseIdle(member, Sender, acquire.CorrelationId))
            member.Actor.Forward(acquire);
    }

    private List<MemberState> Without(List<MemberState> pool, AcquireConnection acquire)
    {
        _candidates.Clear();
        foreach (var member in pool)
        {
            if (!acquire.Excluded.Contains(member.Actor, ActorRefComparer.Instance))
                _candidates.Add(member);
        }

        return _candidates;
    }

    /// <summary>Leases the member's most recently used idle connection; false when it has none left.</summary>
    private bool TryLeaseIdle(MemberState member, IActorRef requester, long correlationId)
    {
        var idle = member.Idle;
        while (idle.Count > 0)
        {
            var connection = idle[^1];
            idle.RemoveAt(idle.Count - 1);
            if (Lease(connection, member, requester, correlationId, reused: true))
                return true;
        }

        return false;
    }

    private bool Lease(MemberConnection connection, MemberState member, IActorRef requester, long correlationId, bool reused)
    {
        if (!connection.TryLease(requester))
            return false;
        connection.PoolSlot = member;
        member.Leased++;
        _lesseeByConnection[connection] = requester;
        if (_watchedLessees.Add(requester))
            Context.Watch(requester);
        requester.Tell(new ConnectionLeased(correlationId, connection, reused) { AffinityId = member.AffinityId });
        return true;
    }

    /// <summary>A connection from a MemberActor: new, or released to it for its first waiter.</summary>
    private void OnReady(Ready ready)
    {
        var member = StateOf(ready.Connection);
        if (member is null || member.Removed)
        {
            ready.Connection.Close();
            if (ready.Requester is not null)
                ready.Connection.Member.Tell(new AcquireConnection(ready.CorrelationId), ready.Requester);
            return;
        }

        if (ready.Requester is null)
        {
            KeepIdle(member, ready.Connection);
            return;
        }

        // Closed between the member's hand-over and now: the request waits for another connection.
        if (!Lease(ready.Connection, member, ready.Requester, ready.CorrelationId, ready.Reused))
            member.Actor.Tell(new AcquireConnection(ready.CorrelationId), ready.Requester);
    }

    private void OnRelease(ReleaseConnection release)
    {
        var connection = release.Connection;
        if (!_lesseeByConnection.Remove(connection))
            return; // already reclaimed after the lessee died
        var member = (MemberState)connection.PoolSlot!;
        member.Leased--;
        member.Load.Finished();
        ReportOutcome(member, release.Outcome);

        if (!release.Reusable)
            return; // closed by the lessee already
        if (member.Removed)
            connection.Close();
        else if (member.Load.Waiting > 0)
            member.Actor.Tell(new ServeWaiter(connection));
        else
            KeepIdle(member, connection);
    }

    /// <summary>A member queued a request at its limit: an idle connection of its own, if any, serves it.</summary>
    private void OnWaiterQueued(IActorRef memberActor)
    {
        foreach (var member in _members)
        {
            if (!member.Actor.Equals(memberActor))
                continue;
            while (member.Idle.Count > 0)
            {
                var connection = member.Idle[^1];
                member.Idle.RemoveAt(member.Idle.Count - 1);
                if (connection.IsClosed)
                    continue;
                member.Actor.Tell(new ServeWaiter(connection));
                return;
            }

            return;
        }
    }

    private void KeepIdle(MemberState member, MemberConnection connection)
    {
        connection.PoolSlot = member;
        connection.IdleSince = Stopwatch.GetTimestamp();
        member.Idle.Add(connection);
    }

    /// <summary>Passive health needs failures, and the success that ends a run of them; not every success.</summary>
    private static void ReportOutcome(MemberState member, ExchangeOutcome outcome)
    {
        switch (outcome)
        {
            case ExchangeOutcome.Unknown:
                return;
            case ExchangeOutcome.Success:
                if (!member.FailureReported)
                    return;
                member.FailureReported = false;
                break;
            default:
                member.FailureReported = true;
                break;
        }

        member.Actor.Tell(new OutcomeObserved(outcome));
    }

    private void ForgetIdle(MemberConnection connection)
    {
        if (StateOf(connection) is { } member)
            member.Idle.Remove(connection);
    }

    private void OnLesseeTerminated(IActorRef lessee)
    {
        _watchedLessees.Remove(lessee);
        List<MemberConnection>? orphans = null;
        foreach (var (connection, holder) in _lesseeByConnection)
        {
            if (holder.Equals(lessee))
                (orphans ??= []).Add(connection);
        }

        if (orphans is null)
            return;
        foreach (var connection in orphans)
        {
            _lesseeByConnection.Remove(connection);
            var member = (MemberState)connection.PoolSlot!;
            member.Leased--;
            member.Load.Finished();
            // Mid-exchange state is unknown: the connection cannot be trusted for another request.
            connection.Abort();
        }
    }

    private void OnPoolTick()
    {
        var now = Stopwatch.GetTimestamp();
        var idleTicks = (long)(_timeouts.MemberIdle.TotalSeconds * Stopwatch.Frequency);
        foreach (var member in _members)
        {
            CloseIdle(member.Idle, now, idleTicks);
            SampleLoad(member);
        }
    }

    private static void CloseIdle(List<MemberConnection> idle, long now, long idleTicks)
    {
        var expired = 0;
        while (expired < idle.Count && now - idle[expired].IdleSince > idleTicks)
            expired++;
        if (expired == 0)
            return;
        for (var i = 0; i < expired; i++)
            idle[i].Close();
        idle.RemoveRange(0, expired);
    }

    private void SampleLoad(MemberState member)
    {
        var inFlight = member.Leased + member.Load.Waiting;
        if (inFlight == member.SampledInFlight && member.Idle.Count == member.SampledIdle)
            return;
        member.SampledInFlight = inFlight;
        member.SampledIdle = member.Idle.Count;
        _metrics.Tell(new MemberLoadSampled(_service.Name, member.Name, inFlight, member.Idle.Count));
    }

    /// <summary>A member left: its idle connections close now, its leased ones when they come back.</summary>
    private static void RetireConnections(MemberState member)
    {
        member.Removed = true;
        foreach (var connection in member.Idle)
            connection.Close();
        member.Idle.Clear();
    }

    private MemberState? StateOf(MemberConnection connection)
    {
        if (connection.PoolSlot is MemberState known)
            return known;
        foreach (var member in _members)
        {
            if (member.Actor.Equals(connection.Member))
                return member;
        }

        return null;
    }
}
