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
