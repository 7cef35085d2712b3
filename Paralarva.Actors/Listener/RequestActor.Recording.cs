using System.Text;
using Akka.Actor;
using Paralarva.Actors.Http;
using Paralarva.Actors.Metrics;

namespace Paralarva.Actors.Listener;

/// <summary>What an ended exchange leaves behind: a metrics event and, when enabled, an access log line.</summary>
internal sealed partial class RequestActor
{
    private bool _requestParsed;
    private string? _clientAddressText;

    /// <param name="upstream">The member's share, carried in the same event: one metrics message per request.</param>
    /// <param name="durationSeconds">When not the time since the request began (a tunnel reports its handshake).</param>
    private void RecordExchange(string memberName, UpstreamCompleted? upstream = null, double? durationSeconds = null)
    {
        var service = _route?.Service ?? string.Empty;
        var duration = durationSeconds ?? SecondsSince(_exchangeStart);
        if (_context.RecordMetrics)
            _context.Metrics.Tell(new RequestCompleted(service, _status, duration, _requestBodyBytes, _responseBodyBytes, upstream));

        var accessLog = _context.AccessLog;
        if (accessLog is null)
            return;
        // Strings are built only here, when an operator asked for the log.
        _clientAddressText ??= Encoding.ASCII.GetString(_clientAddress);
        accessLog.Write(new AccessLogEntry(
            DateTimeOffset.UtcNow,
            _clientAddressText,
            _requestParsed ? Encoding.ASCII.GetString(_request.MethodBytes) : string.Empty,
            _requestParsed ? Encoding.Latin1.GetString(_request.Target) : string.Empty,
            _requestParsed ? Encoding.Latin1.GetString(_request.RouteHost) : string.Empty,
            service,
            memberName,
            _status,
            _requestBodyBytes,
            _responseBodyBytes,
            duration,
            Attempts: _attempts));
    }

    private void RecordError(ProxyError error)
    {
        if (_context.RecordMetrics)
            _context.Metrics.Tell(new ProxyErrorOccurred(_route?.Service ?? string.Empty, error.ToString()));
    }
}
