using Akka.Actor;
using Prometheus;

namespace Paralarva.Actors.Metrics;

/// <summary>
/// Turns the small immutable events the other actors tell it into prometheus-net metrics, so that no
/// actor on the data path touches a Prometheus object. Labelled children are cached per service and
/// per member: a steady stream of events allocates nothing here beyond the events themselves.
/// </summary>
internal sealed class MetricsActor : ReceiveActor
{
    /// <summary>Error kind of an attempt hidden by a retry (label <c>retried</c>).</summary>
    private const string RetriedKind = "Retried";

    private readonly ProxyMetrics _metrics;
    private readonly ConfigMetrics _config;
    private readonly Dictionary<string, ServiceMetrics> _services = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Service, string Member), MemberMetrics> _members = [];

    public MetricsActor(CollectorRegistry registry)
    {
        // Registering the same names again in one registry returns the existing collectors, so a
        // restarted MetricsActor carries on with the values its predecessor exported.
        _metrics = new ProxyMetrics(registry);
        _config = new ConfigMetrics(registry);

        Receive<RequestCompleted>(OnRequestCompleted);
        Receive<UpstreamCompleted>(OnUpstreamCompleted);
        Receive<ProxyErrorOccurred>(OnProxyErrorOccurred);
        Receive<ClientConnectionOpened>(OnClientConnectionOpened);
        Receive<ClientConnectionClosed>(OnClientConnectionClosed);
        Receive<ClientConnectionRejected>(OnClientConnectionRejected);
        Receive<AccessLogLinesDropped>(dropped => _metrics.AccessLogLinesDropped.Inc(dropped.Count));
        Receive<MemberConnectionOpened>(OnMemberConnectionOpened);
        Receive<MemberConnectionClosed>(OnMemberConnectionClosed);
        Receive<ConfigApplied>(_config.OnApplied);
        Receive<ConfigReloaded>(_config.OnReloaded);
        Receive<DnsResolutionFailed>(_config.OnDnsResolutionFailed);
        Receive<MemberRemoved>(OnMemberRemoved);
        Receive<DrainingChanged>(changed => _metrics.Draining.Set(changed.Draining ? 1 : 0));
        Receive<MemberStatusChanged>(UpdateMemberStatusGauges);
        Receive<MemberLoadSampled>(OnMemberLoadSampled);
        Receive<RequestRetried>(OnRequestRetried);
    }

    /// <param name="registry">Where the metrics live: <c>Prometheus.Metrics.DefaultRegistry</c> in production, a fresh one per test.</param>
    public static Props Props(CollectorRegistry registry) =>
        Akka.Actor.Props.Create(() => new MetricsActor(registry));

    private void OnRequestCompleted(RequestCompleted completed)
    {
        var service = Service(completed.Service);
        service.Requests(completed.StatusCode).Inc();
        service.Duration.Observe(completed.DurationSeconds);
        // Counter.Inc throws on a negative increment; a zero one is pointless.
        if (completed.RequestBodyBytes > 0)
            service.RequestBodyBytes.Inc(completed.RequestBodyBytes);
        if (completed.ResponseBodyBytes > 0)
            service.ResponseBodyBytes.Inc(completed.ResponseBodyBytes);
        if (completed.Upstream is not null)
            OnUpstreamCompleted(completed.Upstream);
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
    }

    private void OnClientConnectionClosed(ClientConnectionClosed _) => _metrics.ClientConnectionsOpen.Dec();

    private void OnClientConnectionRejected(ClientConnectionRejected _) => _metrics.ClientConnectionsRejected.Inc();

    private void OnMemberConnectionOpened(MemberConnectionOpened opened) =>
        Member(opened.Service, opened.Member).ConnectionsOpen.Inc();

    private void OnMemberConnectionClosed(MemberConnectionClosed closed) =>
        Member(closed.Service, closed.Member).ConnectionsOpen.Dec();

    private void OnMemberRemoved(MemberRemoved removed)
    {
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
    }

    private void OnRequestRetried(RequestRetried retried)
    {
        var service = Service(retried.Service);
        service.Retries(retried.Reason).Inc();
        service.Errors(RetriedKind).Inc();
    }

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
