using System.Globalization;
using Prometheus;

namespace Paralarva.Actors.Metrics;

/// <summary>
/// The labelled children of one service, looked up once per event instead of building label arrays:
/// created on the service's first event, kept for the life of the MetricsActor.
/// </summary>
internal sealed class ServiceMetrics
{
    private readonly ProxyMetrics _metrics;
    private readonly string _label;
    private readonly Dictionary<int, Counter.Child> _requestsByCode = [];
    private readonly Dictionary<string, Counter.Child> _errorsByKind = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Counter.Child> _retriesByReason = new(StringComparer.Ordinal);

    public ServiceMetrics(ProxyMetrics metrics, string service)
    {
        _metrics = metrics;
        _label = ProxyMetrics.ServiceLabelValue(service);
        Duration = metrics.RequestDuration.WithLabels(_label);
        RequestBodyBytes = metrics.RequestBodyBytes.WithLabels(_label);
        ResponseBodyBytes = metrics.ResponseBodyBytes.WithLabels(_label);
        AvailableSeconds = metrics.ServiceAvailableSeconds.WithLabels(_label);
    }

    public Counter.Child AvailableSeconds { get; }

    public Histogram.Child Duration { get; }

    public Counter.Child RequestBodyBytes { get; }

    public Counter.Child ResponseBodyBytes { get; }

    public Counter.Child Requests(int statusCode)
    {
        if (!_requestsByCode.TryGetValue(statusCode, out var child))
        {
            child = _metrics.Requests.WithLabels(_label, statusCode.ToString(CultureInfo.InvariantCulture));
            _requestsByCode.Add(statusCode, child);
        }

        return child;
    }

    public Counter.Child Retries(string reason)
    {
        if (!_retriesByReason.TryGetValue(reason, out var child))
        {
            child = _metrics.Retries.WithLabels(_label, reason);
            _retriesByReason.Add(reason, child);
        }

        return child;
    }

    public Counter.Child Errors(string kind)
    {
        if (!_errorsByKind.TryGetValue(kind, out var child))
        {
            child = _metrics.Errors.WithLabels(_label, ErrorKindLabels.For(kind));
            _errorsByKind.Add(kind, child);
        }

        return child;
    }
}
