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
