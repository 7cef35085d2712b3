using Paralarva.Actors.Health;
using Prometheus;

namespace Paralarva.Actors.Metrics;

/// <summary>The labelled children of one member of one service, created on its first event.</summary>
internal sealed class MemberMetrics(ProxyMetrics metrics, string service, string member)
{
    private readonly Counter.Child?[] _healthChecks = new Counter.Child?[Enum.GetValues<HealthCheckResult>().Length];

    public Histogram.Child FirstByte { get; } =
        metrics.UpstreamFirstByte.WithLabels(ProxyMetrics.ServiceLabelValue(service), member);

    public Histogram.Child Duration { get; } =
        metrics.UpstreamDuration.WithLabels(ProxyMetrics.ServiceLabelValue(service), member);

    public Gauge.Child ConnectionsOpen { get; } =
        metrics.MemberConnectionsOpen.WithLabels(ProxyMetrics.ServiceLabelValue(service), member);

    public Gauge.Child Healthy { get; } = metrics.MemberHealthy.WithLabels(ProxyMetrics.ServiceLabelValue(service), member);

    public Gauge.Child Ejected { get; } = metrics.MemberEjected.WithLabels(ProxyMetrics.ServiceLabelValue(service), member);

    public Counter.Child Ejections { get; } = metrics.MemberEjections.WithLabels(ProxyMetrics.ServiceLabelValue(service), member);

    public Gauge.Child InFlight { get; } = metrics.MemberInFlight.WithLabels(ProxyMetrics.ServiceLabelValue(service), member);

    public Gauge.Child ConnectionsIdle { get; } = metrics.MemberConnectionsIdle.WithLabels(ProxyMetrics.ServiceLabelValue(service), member);

    /// <summary>Stops exporting every series of this member (it left the service).</summary>
    public void Remove()
    {
        FirstByte.Remove();
        Duration.Remove();
        ConnectionsOpen.Remove();
        Healthy.Remove();
        Ejected.Remove();
        Ejections.Remove();
        InFlight.Remove();
        ConnectionsIdle.Remove();
        AvailableSeconds.Remove();
        foreach (var child in _healthChecks)
            child?.Remove();
    }

    public Counter.Child AvailableSeconds { get; } =
        metrics.MemberAvailableSeconds.WithLabels(ProxyMetrics.ServiceLabelValue(service), member);

    public Counter.Child HealthChecks(HealthCheckResult result) =>
        _healthChecks[(int)result] ??= metrics.HealthChecks.WithLabels(ProxyMetrics.ServiceLabelValue(service), member, ResultLabel(result));

    /// <summary>The <c>result</c> label of <c>paralarva_health_checks_total</c>.</summary>
    public static string ResultLabel(HealthCheckResult result) => result switch
    {
        HealthCheckResult.Success => "success",
        HealthCheckResult.BadStatus => "bad_status",
        HealthCheckResult.Timeout => "timeout",
        _ => "connection_failed",
    };
}
