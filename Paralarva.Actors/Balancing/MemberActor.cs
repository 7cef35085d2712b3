using System.Diagnostics;
using System.Net;
using Akka.Actor;
using Akka.Event;
using Paralarva.Actors.Config;
using Paralarva.Actors.Health;
using Paralarva.Actors.Http;
using Paralarva.Actors.Metrics;
using Paralarva.Actors.Proxy;
using static Paralarva.Actors.Balancing.BalancerMessages;
using static Paralarva.Actors.Balancing.UpstreamMessages;

namespace Paralarva.Actors.Balancing;

/// <summary>
/// One backend server of a service: owns a pool of keep-alive connections to it (one
/// <see cref="UpstreamConnection"/> child each), leases one to a RequestActor per exchange and takes it
/// back when the exchange ended cleanly. A lease request that finds no idle connection opens one, up
/// to the per-member limit; beyond it the request waits for a release.
/// Lessees are watched from their first lease until they stop, so a RequestActor that dies
/// mid-exchange never leaks a connection. The watch is kept across leases rather than undone at each
/// release: a keep-alive client leases once per request, and a Watch and an Unwatch per request were
/// two system messages and two watcher-set updates on the hot path.
/// Partial files: MemberActor.Status.cs (healthy/ejected), .Passive.cs (outlier ejection),
/// .Housekeeping.cs (idle connections, queue timeouts, load samples).
/// </summary>
internal sealed partial class MemberActor : ReceiveActor, IWithTimers
{
    private readonly record struct Waiter(IActorRef Requester, long CorrelationId, long Since);

    private readonly record struct IdleConnection(UpstreamLease Lease, long Since);

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly string _service;
    private readonly string _name;
    private readonly EndPoint _endpoint;
    private readonly MemberTimeoutsConfig _timeouts;
    private readonly int _maxConnections;
    private readonly IActorRef _metrics;
    private readonly MemberLoad _load;

    // LIFO: the most recently used connection is the least likely to have been closed by the member;
    // the oldest is at the front, where the idle timeout looks.
    private readonly List<IdleConnection> _idle = [];
    private readonly Dictionary<IActorRef, IActorRef> _lesseeByConnection = new(ActorRefComparer.Instance);
    /// <summary>Every RequestActor that leased from this member and has not stopped yet.</summary>
    private readonly HashSet<IActorRef> _watchedLessees = new(ActorRefComparer.Instance);
    private readonly HashSet<IActorRef> _closedWhileLeased = new(ActorRefComparer.Instance);
    private readonly Queue<Waiter> _waiters = new();
    private readonly HashSet<IActorRef> _open = new(ActorRefComparer.Instance);
    private int _connecting;
    private long _nextConnectionId;

    private HealthCheckTarget? _healthCheck;

    public MemberActor(ServiceConfig service, MemberConfig member, MemberTimeoutsConfig timeouts, int maxConnections, IActorRef metrics, MemberLoad load, HealthCheckTarget? healthCheck)
    {
        _service = service.Name;
        _name = member.ToString();
        _endpoint = new IPEndPoint(IPAddress.Parse(member.Address), member.Port);
        _timeouts = timeouts;
        _maxConnections = maxConnections;
        _metrics = metrics;
        _load = load;
        _passive = new PassiveHealthPolicy(service.OutlierDetection);
        _healthCheck = healthCheck;

        ReceiveHealth();
        Receive<AcquireConnection>(OnAcquire);
        Receive<ReleaseConnection>(OnRelease);
        Receive<Opened>(OnOpened);
        Receive<ConnectFailed>(OnConnectFailed);
        Receive<Lost>(_ => OnLost(Sender));
        Receive<Terminated>(OnLesseeTerminated);
        Receive<MemberSetMessages.Drain>(_ => OnDrain());
        ReceivePassive();
        ReceiveHousekeeping();
    }

    public ITimerScheduler Timers { get; set; } = null!;

    /// <param name="load">Shared with the BalancerActor (see <see cref="MemberLoad"/>); a fresh one when the member stands alone.</param>
    /// <param name="healthCheck">The service's active health check; null runs none.</param>
    public static Props Props(
        ServiceConfig service, MemberConfig member, MemberTimeoutsConfig timeouts, int maxConnections, IActorRef metrics,
        MemberLoad? load = null, HealthCheckTarget? healthCheck = null) =>
        FactoryProps.Create(() => new MemberActor(service, member, timeouts, maxConnections, metrics, load ?? new MemberLoad(), healthCheck));

    protected override void PreStart()
    {
        // The status gauges exist from the start, not from the first change; and a restarted member
        // (not ejected any more) must not stay ejected in its balancer's view (StartHealthChecks publishes it).
        StartHealthChecks(_healthCheck);
        StartHousekeeping();
    }

    protected override void PostStop() => StopHealthChecks();

    protected override void PostRestart(Exception reason)
    {
        _load.Resync();
        base.PostRestart(reason);
    }

    // An UpstreamConnection owns a socket: stopped on failure, never restarted.
    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(_ => Directive.Stop);

    /// <summary>Deterministic child name of a member inside its BalancerActor.</summary>
    public static string ChildName(MemberConfig member) => "member-" + Uri.EscapeDataString(member.Address) + "-" + member.Port;

    private void OnAcquire(AcquireConnection acquire)
    {
        if (_idle.Count > 0)
        {
            var lease = _idle[^1].Lease;
            _idle.RemoveAt(_idle.Count - 1);
            LeaseTo(Sender, acquire.CorrelationId, lease, reused: true);
            return;
        }

        if (_timeouts.MemberQueue == TimeSpan.Zero && AtConnectionLimit)
        {
            RejectWaiter(new Waiter(Sender, acquire.CorrelationId, 0), ProxyError.NoMemberAvailable);
            return;
        }

        _waiters.Enqueue(new Waiter(Sender, acquire.CorrelationId, Stopwatch.GetTimestamp()));
        OpenConnectionsForWaiters();
    }

    private void OpenConnectionsForWaiters()
    {
        while (_connecting < _waiters.Count && _open.Count + _connecting < _maxConnections)
        {
            _connecting++;
            Context.ActorOf(UpstreamConnection.Props(_endpoint, _service, _name, _timeouts.Connect), "conn-" + _nextConnectionId++);
        }
    }

    private bool AtConnectionLimit => _open.Count + _connecting >= _maxConnections;

    /// <summary>Answers a lease request that will get no connection: it ends here.</summary>
    private void RejectWaiter(Waiter waiter, ProxyError error)
    {
        _load.Finished();
        waiter.Requester.Tell(new LeaseFailed(waiter.CorrelationId, error, _name));
    }

    private void OnOpened(Opened opened)
    {
        _connecting--;
        _open.Add(opened.Lease.Connection);
        _metrics.Tell(new MemberConnectionOpened(_service, _name));
        if (!TryServeWaiter(opened.Lease, reused: false))
            ReturnToPool(opened.Lease);
    }

    private void OnConnectFailed(ConnectFailed failed)
    {
        _connecting--;
        Context.Stop(Sender);
        _log.Warning("{0} member {1} connection failed: {2}", _service, _name, failed.Error);
        RecordOutcome(ExchangeOutcome.Refused);
        // One failed attempt answers one waiter: each waiter caused one attempt.
        if (_waiters.TryDequeue(out var waiter))
            RejectWaiter(waiter, failed.Error);
        StopIfDrained();
    }

    private void OnRelease(ReleaseConnection release)
    {
        var connection = release.Lease.Connection;
        if (!_lesseeByConnection.Remove(connection))
            return; // already reclaimed after the lessee died

        _load.Finished();
        RecordOutcome(release.Outcome);

        if (_closedWhileLeased.Remove(connection) || !release.Reusable)
        {
            CloseConnection(connection);
            return;
        }

        // Detached whether it waits in the pool or goes straight to a waiter: the connection posts a read, which
        // the next lessee's response completes (lessees ask for no first read of their own).
        connection.Tell(Detach.Instance);
        if (!TryServeWaiter(release.Lease, reused: true))
            ReturnToPool(release.Lease);
    }

    private void OnLost(IActorRef connection)
    {
        if (_lesseeByConnection.ContainsKey(connection))
        {
            // The lessee hears of it from the connection and releases it; stopping it now would leave
            // a lessee that has not attached yet without an answer.
            _closedWhileLeased.Add(connection);
            return;
        }

        var index = _idle.FindIndex(l => l.Lease.Connection.Equals(connection));
        if (index >= 0)
            _idle.RemoveAt(index);
        CloseConnection(connection);
    }

    private void OnLesseeTerminated(Terminated terminated)
    {
        _watchedLessees.Remove(terminated.ActorRef);
        List<IActorRef>? orphans = null;
        foreach (var (connection, lessee) in _lesseeByConnection)
        {
            if (lessee.Equals(terminated.ActorRef))
                (orphans ??= []).Add(connection);
        }

        if (orphans is null)
            return;
        foreach (var connection in orphans)
        {
            _load.Finished();
            _lesseeByConnection.Remove(connection);
            _closedWhileLeased.Remove(connection);
            // Mid-exchange state is unknown: the connection cannot be trusted for another request.
            CloseConnection(connection);
        }
    }

    private bool TryServeWaiter(UpstreamLease lease, bool reused)
    {
        if (!_waiters.TryDequeue(out var waiter))
            return false;
        LeaseTo(waiter.Requester, waiter.CorrelationId, lease, reused);
        return true;
    }

    private void LeaseTo(IActorRef requester, long correlationId, UpstreamLease lease, bool reused)
    {
        _lesseeByConnection[lease.Connection] = requester;
        if (_watchedLessees.Add(requester))
            Context.Watch(requester);
        requester.Tell(new ConnectionLeased(correlationId, lease, reused));
    }

    private void ReturnToPool(UpstreamLease lease)
    {
        if (_draining)
        {
            CloseConnection(lease.Connection);
            return;
        }

        _idle.Add(new IdleConnection(lease, Stopwatch.GetTimestamp()));
    }

    private void CloseConnection(IActorRef connection)
    {
        Context.Stop(connection);
        if (!_open.Remove(connection))
            return; // a Lost sent before it was stopped
        _metrics.Tell(new MemberConnectionClosed(_service, _name));
        OpenConnectionsForWaiters();
        StopIfDrained();
    }
}
