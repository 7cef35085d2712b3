using System.Text;
using Akka.Actor;
using Paralarva.Actors.Http;
using Paralarva.Actors.Metrics;

namespace Paralarva.Actors.Listener;

/// <summary>
/// What an ended exchange leaves behind: an entry in the connection's metrics batch (<see cref="RequestsCompleted"/>,
/// sent at 64 entries, 100 ms after the first one, or when the connection closes) and, when enabled, an access log
/// line. One per client connection; its owner passes every <see cref="BatchDue"/> to <see cref="OnBatchDue"/> and
/// calls <see cref="Stop"/> when it stops.
/// </summary>
internal sealed class ExchangeRecorder(ISelfTimers owner, ConnectionContext context, byte[] clientAddress)
{
    /// <summary>The batch timer's message, one per batch.</summary>
    public sealed class BatchDue : SelfTimer;

    private string? _clientAddressText;

    /// <summary>The batch's entries: rented with its first one, handed over with the batch.</summary>
    private RequestCompleted[]? _completed;
    private int _count;

    /// <summary>The batch timer while it is pending: armed by a batch's first entry, never replaced.</summary>
    private BatchDue? _batchDue;

    /// <param name="memberName">The member that answered, or empty.</param>
    /// <param name="rejection">The <c>reason</c> label when the admission policy refused the request.</param>
    /// <param name="upstream">The member's share, carried in the same event: one metrics message per request.</param>
    /// <param name="durationSeconds">The time since the request began, or what stands for it (a tunnel reports its handshake).</param>
    public void Record(Exchange exchange, RequestHead request, string memberName, string? rejection, UpstreamCompleted? upstream, double durationSeconds)
    {
        var service = exchange.Route?.Service ?? string.Empty;
        if (context.RecordMetrics)
        {
            Add(new RequestCompleted(service, exchange.Status, durationSeconds, exchange.RequestBodyBytes, exchange.ResponseBodyBytes, upstream)
            {
                Rejected = rejection,
            });
        }

        var accessLog = context.AccessLog;
        if (accessLog is null)
            return;
        // Strings are built only here, when an operator asked for the log.
        _clientAddressText ??= Encoding.ASCII.GetString(clientAddress);
        accessLog.Write(new AccessLogEntry(
            DateTimeOffset.UtcNow,
            _clientAddressText,
            exchange.RequestParsed ? Encoding.ASCII.GetString(request.MethodBytes) : string.Empty,
            exchange.RequestParsed ? Encoding.Latin1.GetString(request.Target) : string.Empty,
            exchange.RequestParsed ? Encoding.Latin1.GetString(request.RouteHost) : string.Empty,
            service,
            memberName,
            exchange.Status,
            exchange.RequestBodyBytes,
            exchange.ResponseBodyBytes,
            durationSeconds,
            Attempts: exchange.Retry.Attempts));
    }

    /// <summary>Another attempt of <paramref name="exchange"/> began, on another member or connection, for <paramref name="reason"/>.</summary>
    public void Retried(Exchange exchange, string reason)
    {
        if (context.RecordMetrics)
            context.Metrics.Tell(new RequestRetried(exchange.Route?.Service ?? string.Empty, reason));
    }

    public void Error(Exchange exchange, ProxyError error)
    {
        if (context.RecordMetrics)
            context.Metrics.Tell(new ProxyErrorOccurred(exchange.Route?.Service ?? string.Empty, error.ToString()));
    }

    public void OnBatchDue()
    {
        _batchDue = null;
        Flush();
    }

    /// <summary>The connection is gone: what the batch holds is sent, and its timer cancelled.</summary>
    public void Stop()
    {
        Flush();
        _batchDue?.Cancel();
        _batchDue = null;
    }

    /// <summary>Sends what the batch holds; the timer, if it is still to fire, then finds it empty.</summary>
    private void Flush()
    {
        if (_completed is null)
            return;
        context.Metrics.Tell(new RequestsCompleted(_completed, _count));
        _completed = null;
        _count = 0;
    }

    private void Add(in RequestCompleted completed)
    {
        (_completed ??= RequestsCompleted.Rent())[_count++] = completed;
        if (_count >= RequestsCompleted.MaxCount)
        {
            Flush();
        }
        else if (_batchDue is null)
        {
            _batchDue = new BatchDue();
            owner.Schedule(RequestsCompleted.MaxAge, _batchDue);
        }
    }
}
