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
using static Paralarva.Actors.Balancing.MemberConnectionMessages;

namespace Paralarva.Actors.Balancing;

/// <summary>
/// One backend server of a service: opens connections to it on demand (<see cref="MemberConnection"/>, a
/// non-blocking connect with timeouts.connect), keeps them within the per-member limit, queues the lease requests
/// that find no idle connection, and runs the member's health (active checks, passive ejection). Its BalancerActor
/// holds the idle connections and leases a reused one itself, in one hop; a lease request reaches this actor only
/// when none is idle. A connection opened here goes to the balancer (<see cref="Ready"/>), with the waiter it is
/// for, or to be kept idle.
/// Partial files: MemberActor.Status.cs (healthy/ejected), .Passive.cs (outlier ejection), .Health.cs (active
/// checks), .Housekeeping.cs (queue timeouts), .Retiring.cs (removal).
/// </summary>
internal sealed partial class MemberActor : ReceiveActor, IWithTimers
{
    private readonly record struct Waiter(IActorRef Requester, long CorrelationId, long Since);

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly string _service;
    private readonly string _name;
    private readonly EndPoint _endpoint;
    private MemberTimeoutsConfig _timeouts;
    private int _maxConnections;
    private readonly IActorRef _metrics;
    private readonly MemberLoad _load;

    private readonly Queue<Waiter> _waiters = new();
    /// <summary>Every connection opened and not closed yet, idle or leased.</summary>
    private readonly HashSet<MemberConnection> _open = new(ReferenceEqualityComparer.Instance);
    private int _connecting;

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
        Receive<Opened>(OnOpened);
        Receive<ConnectFailed>(OnConnectFailed);
        Receive<Closed>(OnClosed);
        Receive<ServeWaiter>(OnServeWaiter);
        Receive<OutcomeObserved>(observed => RecordOutcome(observed.Outcome));
        Receive<MemberSetMessages.RetireMember>(_ => OnRetire());
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
        // The status gauges exist from the start, not from the first change (StartHealthChecks publishes them).
        StartHealthChecks(_healthCheck);
        StartHousekeeping();
    }

    protected override void PostStop()
    {
        StopHealthChecks();
        foreach (var connection in _open)
            connection.Abort();
    }

    /// <summary>Deterministic child name of a member inside its BalancerActor.</summary>
    public static string ChildName(MemberConfig member) => "member-" + Uri.EscapeDataString(member.Address) + "-" + member.Port;

    /// <summary>No idle connection at the balancer: this request waits for one opened or released.</summary>
    private void OnAcquire(AcquireConnection acquire)
    {
        if (_timeouts.MemberQueue == TimeSpan.Zero && AtConnectionLimit)
        {
            RejectWaiter(new Waiter(Sender, acquire.CorrelationId, 0), ProxyError.NoMemberAvailable);
            return;
        }

        _waiters.Enqueue(new Waiter(Sender, acquire.CorrelationId, Stopwatch.GetTimestamp()));
        _load.Waiting = _waiters.Count;
        OpenConnectionsForWaiters();
        if (_connecting < _waiters.Count)
            Context.Parent.Tell(WaiterQueued.Instance);
    }

    private void OpenConnectionsForWaiters()
    {
        while (_connecting < _waiters.Count && _open.Count + _connecting < _maxConnections)
        {
            _connecting++;
            MemberConnection.Open(_endpoint, _timeouts.Connect, Self, Context.Parent, _service, _name);
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
        var connection = opened.Connection;
        // Closed may have overtaken Opened (the member closed at once): then there is nothing to count.
        if (!connection.IsClosed && _open.Add(connection))
            _metrics.Tell(new MemberConnectionOpened(_service, _name));
        if (_retiring)
        {
            connection.Close();
            StopIfRetired();
            return;
        }

        HandToBalancer(connection, reused: false);
    }

    private void OnConnectFailed(ConnectFailed failed)
    {
        _connecting--;
        _log.Warning("{0} member {1} connection failed: {2}", _service, _name, failed.Error);
        RecordOutcome(ExchangeOutcome.Refused);
        // One failed attempt answers one waiter: each waiter caused one attempt.
        if (_waiters.TryDequeue(out var waiter))
        {
            _load.Waiting = _waiters.Count;
            RejectWaiter(waiter, failed.Error);
        }

        StopIfRetired();
    }

    private void OnClosed(Closed closed)
    {
        if (!_open.Remove(closed.Connection))
            return; // closed before its Opened arrived
        _metrics.Tell(new MemberConnectionClosed(_service, _name));
        OpenConnectionsForWaiters();
        StopIfRetired();
    }

    /// <summary>The balancer releases a connection to this member's first waiter.</summary>
    private void OnServeWaiter(ServeWaiter serve)
    {
        if (_retiring)
        {
            serve.Connection.Close();
            return;
        }

        HandToBalancer(serve.Connection, reused: true);
    }

    /// <summary>The balancer leases it to the first waiter, or keeps it idle when none is left.</summary>
    private void HandToBalancer(MemberConnection connection, bool reused)
    {
        if (_waiters.TryDequeue(out var waiter))
        {
            _load.Waiting = _waiters.Count;
            Context.Parent.Tell(new Ready(connection, waiter.Requester, waiter.CorrelationId, reused));
        }
        else
        {
            Context.Parent.Tell(new Ready(connection, null, 0, reused));
        }
    }
}
