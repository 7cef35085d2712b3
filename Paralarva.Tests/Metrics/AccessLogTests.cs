using System.Text;
using System.Text.Json;
using Akka.Streams;
using Akka.TestKit.Xunit2;
using Paralarva.Actors.Metrics;

namespace Paralarva.Tests.Metrics;

public sealed class AccessLogTests : TestKit
{
    private static AccessLogEntry Entry(int status, string target = "/a?b=\"c\"") => new(
        new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero), "127.0.0.1", "GET", target, "svc.test",
        "svc", "127.0.0.1:9001", status, 10, 20, 0.0123456789, 1);

    /// <summary>A sink whose writes wait on a gate: a log destination that cannot keep up.</summary>
    private sealed class GatedStream(Task gate) : MemoryStream
    {
        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await gate;
            await base.WriteAsync(buffer, cancellationToken);
        }
    }

    /// <summary>Keeps what was written readable after the pipeline disposes it.</summary>
    private sealed class CapturingStream : MemoryStream
    {
        public string Text { get; private set; } = "";

        protected override void Dispose(bool disposing)
        {
            Text = Encoding.UTF8.GetString(ToArray());
            base.Dispose(disposing);
        }
    }

    [Fact]
    public async Task Write_ThreeEntries_OneJsonLineEach()
    {
        var sink = new CapturingStream();
        var log = AccessLog.Start(sink, CreateTestProbe().Ref, Sys.Materializer());

        log.Write(Entry(200));
        log.Write(Entry(404));
        log.Write(Entry(502));
        await log.DisposeAsync();

        var lines = sink.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        using var first = JsonDocument.Parse(lines[0]);
        var root = first.RootElement;
        Assert.Equal("GET", root.GetProperty("method").GetString());
        Assert.Equal("/a?b=\"c\"", root.GetProperty("target").GetString());
        Assert.Equal("svc", root.GetProperty("service").GetString());
        Assert.Equal("127.0.0.1:9001", root.GetProperty("member").GetString());
        Assert.Equal(200, root.GetProperty("status").GetInt32());
        Assert.Equal(10, root.GetProperty("bytes_in").GetInt64());
        Assert.Equal(20, root.GetProperty("bytes_out").GetInt64());
        Assert.Equal(1, root.GetProperty("attempts").GetInt32());
        Assert.Equal(502, JsonDocument.Parse(lines[2]).RootElement.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task Write_ManyLongLines_EveryLineWholeAndInOrder()
    {
        // 256 lines make a batch and lines go out every 16 KiB; the formatter reuses one buffer, so no write may
        // repeat or lose bytes of another. Targets of up to 2,000 bytes make several writes per batch.
        const int count = 700;
        var sink = new CapturingStream();
        var log = AccessLog.Start(sink, CreateTestProbe().Ref, Sys.Materializer());

        for (var i = 0; i < count; i++)
            log.Write(Entry(200, target: "/" + new string('x', i * 7 % 2000) + "?n=" + i));
        await log.DisposeAsync();

        var lines = sink.Text.Split('\n');
        Assert.Equal(count + 1, lines.Length);
        Assert.Equal("", lines[count]);
        for (var i = 0; i < count; i++)
        {
            using var line = JsonDocument.Parse(lines[i]);
            Assert.EndsWith("?n=" + i, line.RootElement.GetProperty("target").GetString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Write_SinkStalled_NeverBlocksAndCountsDrops()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var metrics = CreateTestProbe();
        var log = AccessLog.Start(new GatedStream(gate.Task), metrics.Ref, Sys.Materializer());

        // More than the queue and the pipeline's buffers can hold while the sink is stalled.
        for (var i = 0; i < 20_000; i++)
            log.Write(Entry(200));

        var dropped = metrics.ExpectMsg<AccessLogLinesDropped>();
        Assert.Equal(1, dropped.Count);
        gate.SetResult();
        await log.DisposeAsync();
    }
}
