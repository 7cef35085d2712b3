using Prometheus;

namespace Paralarva.Actors.Metrics;

/// <summary>The labelled children of one member of one service, created on its first event.</summary>
internal sealed class MemberMetrics(ProxyMetrics metrics, string service, string member)
{
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
    }
}
