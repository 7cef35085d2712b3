using System.Text;
using Akka.Actor;
using Paralarva.Actors.Http;
using Paralarva.Actors.Metrics;

namespace Paralarva.Actors.Listener;

/// <summary>
/// What an ended exchange leaves behind: an entry in the connection's metrics batch (<see cref="RequestsCompleted"/>,
/// sent at 64 entries, 100 ms after the first one, or when the connection closes) and, when enabled, an access log line.
/// </summary>
internal sealed partial class RequestActor
{
    private string? _clientAddressText;
    private List<RequestCompleted>? _completed;
    private bool _metricsTimerArmed;

    private sealed class MetricsBatchDue
    {
        public static readonly MetricsBatchDue Instance = new();
        private MetricsBatchDue() { }
    }

    /// <param name="upstream">The member's share, carried in the same event: one metrics message per request.</param>
    /// <param name="durationSeconds">When not the time since the request began (a tunnel reports its handshake).</param>
    private void RecordExchange(string memberName, UpstreamCompleted? upstream = null, double? durationSeconds = null)
    {
        ReleaseAdmission();
        var service = _exchange.Route?.Service ?? string.Empty;
        var duration = durationSeconds ?? SecondsSince(_exchange.Start);
        var rejection = TakeRejection();
        if (_context.RecordMetrics)
        {
            AddToMetricsBatch(new RequestCompleted(service, _exchange.Status, duration, _exchange.RequestBodyBytes, _exchange.ResponseBodyBytes, upstream)
            {
                Rejected = rejection,
            });
        }

        var accessLog = _context.AccessLog;
        if (accessLog is null)
            return;
        // Strings are built only here, when an operator asked for the log.
        _clientAddressText ??= Encoding.ASCII.GetString(_clientAddress);
        accessLog.Write(new AccessLogEntry(
            DateTimeOffset.UtcNow,
            _clientAddressText,
            _exchange.RequestParsed ? Encoding.ASCII.GetString(_request.MethodBytes) : string.Empty,
            _exchange.RequestParsed ? Encoding.Latin1.GetString(_request.Target) : string.Empty,
            _exchange.RequestParsed ? Encoding.Latin1.GetString(_request.RouteHost) : string.Empty,
            service,
            memberName,
            _exchange.Status,
            _exchange.RequestBodyBytes,
            _exchange.ResponseBodyBytes,
            duration,
            Attempts: _exchange.Retry.Attempts));
    }

    private void AddToMetricsBatch(RequestCompleted completed)
    {
        (_completed ??= new List<RequestCompleted>(8)).Add(completed);
        if (_completed.Count >= RequestsCompleted.MaxCount)
        {
            SendMetricsBatch();
        }
        else if (!_metricsTimerArmed)
        {
            _metricsTimerArmed = true;
            Timers.StartSingleTimer(MetricsBatchDue.Instance, MetricsBatchDue.Instance, RequestsCompleted.MaxAge);
        }
    }

    /// <summary>Sends what the batch holds; the timer, if it is still to fire, then finds it empty.</summary>
    private void SendMetricsBatch()
    {
        if (_completed is not { Count: > 0 })
            return;
        _context.Metrics.Tell(new RequestsCompleted(_completed));
        _completed = null;
    }

    private void OnMetricsBatchDue()
    {
        _metricsTimerArmed = false;
        SendMetricsBatch();
    }

    private void RecordError(ProxyError error)
    {
        if (_context.RecordMetrics)
            _context.Metrics.Tell(new ProxyErrorOccurred(_exchange.Route?.Service ?? string.Empty, error.ToString()));
    }
}
