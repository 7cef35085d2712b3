using System.Threading.Channels;
using Akka;
using Akka.Actor;
using Akka.Streams;
using Akka.Streams.Dsl;

namespace Paralarva.Actors.Metrics;

/// <summary>
/// The access log: RequestActors hand entries to a bounded channel without waiting, and an
/// Akka.Streams pipeline formats them and writes them to the sink in batches. A slow sink never
/// slows the proxy: when the channel is full the entry is dropped, and drops are counted.
/// </summary>
internal sealed class AccessLog : IAsyncDisposable
{
    private const int QueueCapacity = 8192;
    private const int BatchLines = 256;
    private const int WriteBytes = 16 * 1024;
    private static readonly TimeSpan BatchWindow = TimeSpan.FromMilliseconds(200);

    private readonly Channel<AccessLogEntry> _queue = Channel.CreateBounded<AccessLogEntry>(
        new BoundedChannelOptions(QueueCapacity) { FullMode = BoundedChannelFullMode.Wait, SingleReader = true });
    private readonly IActorRef _metrics;
    private readonly Stream _sink;
    private readonly AccessLogFormatter _formatter = new();
    private readonly Task _completion;

    private AccessLog(Stream sink, IActorRef metrics, IMaterializer materializer)
    {
        _sink = sink;
        _metrics = metrics;
        // Entries are batched before formatting: one reused buffer, a write per 16 KiB, nothing allocated per line.
        _completion = ChannelSource.FromReader(_queue.Reader)
            .GroupedWithin(BatchLines, BatchWindow)
            .SelectAsync(1, WriteBatchAsync)
            .RunWith(Sink.Ignore<NotUsed>(), materializer);
    }

    /// <summary>Starts a pipeline writing to <paramref name="sink"/>, which it owns and disposes.</summary>
    public static AccessLog Start(Stream sink, IActorRef metrics, IMaterializer materializer) => new(sink, metrics, materializer);

    /// <summary>Never blocks: queues the entry, or drops it when the sink is behind.</summary>
    public void Write(AccessLogEntry entry)
    {
        if (!_queue.Writer.TryWrite(entry))
            _metrics.Tell(new AccessLogLinesDropped(1));
    }

    /// <summary>Writes what is queued, then closes the sink.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        try
        {
            await _completion.WaitAsync(TimeSpan.FromSeconds(5));
        }
        finally
        {
            await _sink.DisposeAsync();
        }
    }

    /// <summary>
    /// One batch at a time (SelectAsync of 1), so the formatter is never shared. Lines go out whenever
    /// <see cref="WriteBytes"/> are pending, so the buffer stays that size however long the lines are.
    /// </summary>
    private async Task<NotUsed> WriteBatchAsync(IEnumerable<AccessLogEntry> entries)
    {
        foreach (var entry in entries)
        {
            _formatter.Append(entry);
            if (_formatter.Pending.Length >= WriteBytes)
                await WritePendingAsync();
        }

        await WritePendingAsync();
        await _sink.FlushAsync();
        return NotUsed.Instance;
    }

    private async Task WritePendingAsync()
    {
        if (_formatter.Pending.IsEmpty)
            return;
        await _sink.WriteAsync(_formatter.Pending);
        _formatter.Clear();
    }
}
