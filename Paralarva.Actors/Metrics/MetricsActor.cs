using Akka.Actor;
using Paralarva.Actors.Proxy;
using Paralarva.Actors.Status;
using Prometheus;

namespace Paralarva.Actors.Metrics;

/// <summary>
/// Turns the small immutable events the other actors tell it into prometheus-net metrics, so that no
/// actor on the data path touches a Prometheus object. Labelled children are cached per service and
/// per member: a steady stream of events allocates nothing here beyond the events themselves.
/// </summary>
internal sealed class MetricsActor : ReceiveActor, IWithTimers, IAvailabilitySink
{
    /// <summary>Error kind of an attempt hidden by a retry (label <c>retried</c>).</summary>
    private const string RetriedKind = "Retried";

    private sealed class AvailabilityTick
    {
        public static readonly AvailabilityTick Instance = new();
        private AvailabilityTick() { }
    }

    /// <summary>How often the availability of members without active checks is accounted: a scrape sees it at most this late.</summary>
    public static readonly TimeSpan AvailabilityTickInterval = TimeSpan.FromSeconds(1);

    private readonly ProxyMetrics _metrics;
    private readonly ConfigMetrics _config;
    private readonly Dictionary<string, ServiceMetrics> _services = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Service, string Member), MemberMetrics> _members = [];
    private readonly AvailabilityTracker _availability;
    private readonly StatusRecorder _status;

    public MetricsActor(CollectorRegistry registry, StatusBoard? statusBoard = null)
    {
        _status = new StatusRecorder(statusBoard, TimeProvider.System);
        // Registering the same names again in one registry returns the existing collectors, so a
        // restarted MetricsActor carries on with the values its predecessor exported.
        _metrics = new ProxyMetrics(registry);
        _config = new ConfigMetrics(registry);
        _availability = new AvailabilityTracker(this);

        Receive<RequestCompleted>(OnRequestCompleted);
        Receive<RequestsCompleted>(OnRequestsCompleted);
        Receive<UpstreamCompleted>(OnUpstreamCompleted);
        Receive<ProxyErrorOccurred>(OnProxyErrorOccurred);
        Receive<ClientConnectionOpened>(OnClientConnectionOpened);
        Receive<ClientConnectionClosed>(OnClientConnectionClosed);
        Receive<ClientConnectionRejected>(OnClientConnectionRejected);
        Receive<AccessLogLinesDropped>(dropped => _metrics.AccessLogLinesDropped.Inc(dropped.Count));
        Receive<MemberConnectionOpened>(OnMemberConnectionOpened);
        Receive<MemberConnectionClosed>(OnMemberConnectionClosed);
        Receive<ConfigApplied>(OnConfigApplied);
        Receive<ConfigReloaded>(OnConfigReloaded);
        Receive<DnsResolutionFailed>(_config.OnDnsResolutionFailed);
        Receive<MemberRemoved>(OnMemberRemoved);
        Receive<DrainingChanged>(OnDrainingChanged);
        Receive<MemberStatusChanged>(OnMemberStatusChanged);
        Receive<MemberLoadSampled>(OnMemberLoadSampled);
        Receive<RequestRetried>(OnRequestRetried);
        Receive<HealthCheckCompleted>(OnHealthCheckCompleted);
        Receive<MemberStarted>(OnMemberStarted);
        Receive<MemberStopped>(OnMemberStopped);
        Receive<AvailabilityTick>(OnTick);
    }

    public ITimerScheduler Timers { get; set; } = null!;

    private TimeSpan Now => Context.System.Scheduler.MonotonicClock;

    /// <param name="registry">Where the metrics live: <c>Prometheus.Metrics.DefaultRegistry</c> in production, a fresh one per test.</param>
    /// <param name="statusBoard">Where the <c>/status</c> page's snapshot is published; null for none.</param>
    public static Props Props(CollectorRegistry registry, StatusBoard? statusBoard = null) =>
        FactoryProps.Create(() => new MetricsActor(registry, statusBoard));

    private void OnRequestCompleted(RequestCompleted completed) => Count(in completed);

    private void Count(in RequestCompleted completed)
    {
        var service = Service(completed.Service);
        service.Requests(completed.StatusCode).Inc();
        service.Duration.Observe(completed.DurationSeconds);
        // Counter.Inc throws on a negative increment; a zero one is pointless.
        if (completed.RequestBodyBytes > 0)
            service.RequestBodyBytes.Inc(completed.RequestBodyBytes);
        if (completed.ResponseBodyBytes > 0)
            service.ResponseBodyBytes.Inc(completed.ResponseBodyBytes);
        if (completed.Upstream is { } upstream)
            OnUpstreamCompleted(upstream);
        if (completed.Rejected is not null)
            _metrics.RequestsRejected.WithLabels(ProxyMetrics.ServiceLabelValue(completed.Service), completed.Rejected).Inc();
    }

    private void OnRequestsCompleted(RequestsCompleted batch)
    {
        foreach (ref readonly var completed in batch.Requests.AsSpan())
            Count(in completed);
        batch.Return();
    }

    private void OnUpstreamCompleted(UpstreamCompleted completed)
    {
        var member = Member(completed.Service, completed.Member);
        member.FirstByte.Observe(completed.FirstByteSeconds);
        member.Duration.Observe(completed.TotalSeconds);
    }

    private void OnProxyErrorOccurred(ProxyErrorOccurred error) =>
        Service(error.Service).Errors(error.Kind).Inc();

    private void OnClientConnectionOpened(ClientConnectionOpened _)
    {
        _metrics.ClientConnectionsAccepted.Inc();
        _metrics.ClientConnectionsOpen.Inc();
        _status.ClientConnectionsChanged(1);
    }

    private void OnClientConnectionClosed(ClientConnectionClosed _)
    {
        _metrics.ClientConnectionsOpen.Dec();
        _status.ClientConnectionsChanged(-1);
    }

    private void OnClientConnectionRejected(ClientConnectionRejected _) => _metrics.ClientConnectionsRejected.Inc();

    private void OnMemberConnectionOpened(MemberConnectionOpened opened)
    {
        Member(opened.Service, opened.Member).ConnectionsOpen.Inc();
        _status.MemberConnectionsChanged(opened.Service, opened.Member, 1);
    }

    private void OnMemberConnectionClosed(MemberConnectionClosed closed)
    {
        Member(closed.Service, closed.Member).ConnectionsOpen.Dec();
        _status.MemberConnectionsChanged(closed.Service, closed.Member, -1);
    }

    private void OnConfigApplied(ConfigApplied applied)
    {
        _config.OnApplied(applied);
        _status.ConfigApplied(applied.Hash);
    }

    private void OnConfigReloaded(ConfigReloaded reloaded)
    {
        _config.OnReloaded(reloaded);
        _status.ConfigReloaded(reloaded.Result);
    }

    private void OnDrainingChanged(DrainingChanged changed)
    {
        _metrics.Draining.Set(changed.Draining ? 1 : 0);
        _status.DrainingChanged(changed.Draining);
    }

    private void OnMemberStopped(MemberStopped stopped)
    {
        _availability.Stopped(stopped.Service, stopped.Member, Now);
        _status.MemberGone(stopped.Service, stopped.Member);
    }

    private void OnTick(AvailabilityTick _)
    {
        _availability.Tick(Now);
        _status.PublishIfChanged();
    }

    private void OnMemberRemoved(MemberRemoved removed)
    {
        _status.MemberGone(removed.Service, removed.Member);
        if (_members.Remove((removed.Service, removed.Member), out var metrics))
            metrics.Remove();
    }

    private void UpdateMemberStatusGauges(MemberStatusChanged changed)
    {
        var member = Member(changed.Service, changed.Member);
        member.Healthy.Set(changed.Healthy ? 1 : 0);
        // A rising edge is an ejection: the gauge itself remembers the last state.
        if (changed.Ejected && member.Ejected.Value == 0)
            member.Ejections.Inc();
        member.Ejected.Set(changed.Ejected ? 1 : 0);
    }

    private void OnMemberLoadSampled(MemberLoadSampled sampled)
    {
        var member = Member(sampled.Service, sampled.Member);
        member.InFlight.Set(sampled.InFlight);
        member.ConnectionsIdle.Set(sampled.IdleConnections);
        _status.LoadSampled(sampled.Service, sampled.Member, sampled.InFlight, sampled.IdleConnections);
    }

    private void OnRequestRetried(RequestRetried retried)
    {
        var service = Service(retried.Service);
        service.Retries(retried.Reason).Inc();
        service.Errors(RetriedKind).Inc();
    }

    protected override void PreStart() =>
        Timers.StartPeriodicTimer(AvailabilityTick.Instance, AvailabilityTick.Instance, AvailabilityTickInterval);

    private void OnMemberStarted(MemberStarted started)
    {
        // The member's and the service's series exist from the start, so a member that never passes a check
        // has an availability of 0 rather than none at all.
        _ = Member(started.Service, started.Member);
        _ = Service(started.Service);
        _availability.Started(started.Service, started.Member, started.ActivelyChecked, Now);
        _status.MemberStarted(started.Service, started.Member, started.ActivelyChecked);
    }

    private void OnHealthCheckCompleted(HealthCheckCompleted completed)
    {
        Member(completed.Service, completed.Member).HealthChecks(completed.Result).Inc();
        _status.Checked(completed.Service, completed.Member, completed.Result);
        _availability.Checked(completed.Service, completed.Member, completed.Result == Health.HealthCheckResult.Success, completed.At);
    }

    private void OnMemberStatusChanged(MemberStatusChanged changed)
    {
        UpdateMemberStatusGauges(changed);
        _status.StatusChanged(changed.Service, changed.Member, changed.Healthy, changed.Ejected);
        _availability.StatusChanged(changed.Service, changed.Member, changed.Healthy && !changed.Ejected, Now);
    }

    void IAvailabilitySink.AddMemberSeconds(string service, string member, double seconds) =>
        Member(service, member).AvailableSeconds.Inc(seconds);

    void IAvailabilitySink.AddServiceSeconds(string service, double seconds) =>
        Service(service).AvailableSeconds.Inc(seconds);

    private ServiceMetrics Service(string service)
    {
        if (!_services.TryGetValue(service, out var metrics))
        {
            metrics = new ServiceMetrics(_metrics, service);
            _services.Add(service, metrics);
        }

        return metrics;
    }

    private MemberMetrics Member(string service, string member)
    {
        if (!_members.TryGetValue((service, member), out var metrics))
        {
            metrics = new MemberMetrics(_metrics, service, member);
            _members.Add((service, member), metrics);
        }

        return metrics;
    }
}
