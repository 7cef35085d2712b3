using Prometheus;

namespace Paralarva.Actors.Metrics;

/// <summary>
/// The metric definitions: every Prometheus collector the proxy exports, created in one registry.
/// Names follow Prometheus conventions (<c>paralarva_</c> prefix, base units, <c>_total</c> on
/// counters); labels are bounded by the configuration (service, member, status code, error kind),
/// never a client address.
/// </summary>
internal sealed class ProxyMetrics
{
    public const string ServiceLabel = "service";
    public const string MemberLabel = "member";
    public const string CodeLabel = "code";
    public const string KindLabel = "kind";
    public const string ReasonLabel = "reason";
    public const string ResultLabel = "result";

    /// <summary>The <c>service</c> label of exchanges that matched no service (no route, bad request).</summary>
    public const string NoService = "none";

    /// <summary>From half a millisecond (a proxy answering itself on loopback) to 30 s (past any sane timeout).</summary>
    public static readonly double[] LatencyBuckets =
        [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

    public ProxyMetrics(CollectorRegistry registry)
    {
        // Prometheus.Metrics, spelled out: inside this namespace "Metrics" names the namespace.
        var factory = Prometheus.Metrics.WithCustomRegistry(registry);
        var latency = new HistogramConfiguration { Buckets = LatencyBuckets };

        Requests = factory.CreateCounter("paralarva_requests_total",
            "Requests answered, by service and status code.", [ServiceLabel, CodeLabel]);
        RequestDuration = factory.CreateHistogram("paralarva_request_duration_seconds",
            "Time from the first byte of a request to the last byte of its response.", [ServiceLabel], latency);
        UpstreamFirstByte = factory.CreateHistogram("paralarva_upstream_first_byte_seconds",
            "Time from the start of an upstream exchange to the member's first response byte.", [ServiceLabel, MemberLabel], latency);
        UpstreamDuration = factory.CreateHistogram("paralarva_upstream_duration_seconds",
            "Time from the start of an upstream exchange to the member's last response byte.", [ServiceLabel, MemberLabel], latency);
        RequestBodyBytes = factory.CreateCounter("paralarva_request_body_bytes_total",
            "Request body bytes received from clients.", [ServiceLabel]);
        ResponseBodyBytes = factory.CreateCounter("paralarva_response_body_bytes_total",
            "Response body bytes sent to clients.", [ServiceLabel]);
        Errors = factory.CreateCounter("paralarva_errors_total",
            "Failed exchanges, by service and kind of failure.", [ServiceLabel, KindLabel]);
        ClientConnectionsOpen = factory.CreateGauge("paralarva_client_connections_open",
            "Client connections currently open.");
        ClientConnectionsAccepted = factory.CreateCounter("paralarva_client_connections_accepted_total",
            "Client connections accepted.");
        AccessLogLinesDropped = factory.CreateCounter("paralarva_access_log_dropped_total",
            "Access log lines dropped because the log sink could not keep up.");
        ClientConnectionsRejected = factory.CreateCounter("paralarva_client_connections_rejected_total",
            "Client connections aborted because the connection limit was reached.");
        MemberConnectionsOpen = factory.CreateGauge("paralarva_member_connections_open",
            "Pooled connections to members currently open.", [ServiceLabel, MemberLabel]);
        HealthChecks = factory.CreateCounter("paralarva_health_checks_total",
            "Active health checks of members, by result: success, bad_status, timeout, connection_failed.",
            [ServiceLabel, MemberLabel, ResultLabel]);
        ServiceAvailableSeconds = factory.CreateCounter("paralarva_service_available_seconds_total",
            "Seconds during which at least one member of the service passed its latest health check (without checks: took traffic).",
            [ServiceLabel]);
        MemberAvailableSeconds = factory.CreateCounter("paralarva_member_available_seconds_total",
            "Seconds during which the member passed its health checks (without checks: took traffic).",
            [ServiceLabel, MemberLabel]);
        RequestsRejected = factory.CreateCounter("paralarva_requests_rejected_total",
            "Requests the service's access lists or per-client limits refused, by service and reason: denied (403), rate_limited, too_many_connections (429).",
            [ServiceLabel, ReasonLabel]);
        Draining = factory.CreateGauge("paralarva_draining",
            "1 while a graceful shutdown drains the client connections, else 0.");
        CreateResilienceMetrics(factory);
    }

    // Resilience metrics (passive health, retries, member load), kept together.
    private void CreateResilienceMetrics(IMetricFactory factory)
    {
        MemberHealthy = factory.CreateGauge("paralarva_member_healthy",
            "1 when the member passes its active health checks (always 1 without checks), else 0.", [ServiceLabel, MemberLabel]);
        MemberEjected = factory.CreateGauge("paralarva_member_ejected",
            "1 while passive health (outlier detection) keeps the member out of rotation, else 0.", [ServiceLabel, MemberLabel]);
        MemberEjections = factory.CreateCounter("paralarva_member_ejections_total",
            "Times the member was ejected by passive health.", [ServiceLabel, MemberLabel]);
        MemberInFlight = factory.CreateGauge("paralarva_member_in_flight_requests",
            "Requests holding or waiting for a connection to the member (sampled a few times a second).", [ServiceLabel, MemberLabel]);
        MemberConnectionsIdle = factory.CreateGauge("paralarva_member_connections_idle",
            "Pooled connections to the member idle in the pool (sampled a few times a second).", [ServiceLabel, MemberLabel]);
        Retries = factory.CreateCounter("paralarva_retries_total",
            "Requests sent again after a failed attempt, by service and reason.", [ServiceLabel, ReasonLabel]);
    }

    public Counter Requests { get; }

    public Histogram RequestDuration { get; }

    public Histogram UpstreamFirstByte { get; }

    public Histogram UpstreamDuration { get; }

    public Counter RequestBodyBytes { get; }

    public Counter ResponseBodyBytes { get; }

    public Counter Errors { get; }

    public Counter RequestsRejected { get; }

    public Gauge ClientConnectionsOpen { get; }

    public Counter ClientConnectionsAccepted { get; }

    public Counter ClientConnectionsRejected { get; }

    public Counter AccessLogLinesDropped { get; }

    public Gauge MemberConnectionsOpen { get; }

    public Gauge Draining { get; }

    public Gauge MemberHealthy { get; private set; } = null!;

    public Gauge MemberEjected { get; private set; } = null!;

    public Counter MemberEjections { get; private set; } = null!;

    public Gauge MemberInFlight { get; private set; } = null!;

    public Gauge MemberConnectionsIdle { get; private set; } = null!;

    public Counter Retries { get; private set; } = null!;
    public Counter HealthChecks { get; }

    public Counter ServiceAvailableSeconds { get; }

    public Counter MemberAvailableSeconds { get; }

    /// <summary>The <c>service</c> label value of a service name as events carry it.</summary>
    public static string ServiceLabelValue(string service) => service.Length == 0 ? NoService : service;
}
