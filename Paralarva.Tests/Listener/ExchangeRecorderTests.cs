using Akka.Actor;
using Akka.TestKit;
using Akka.TestKit.Xunit2;
using Paralarva.Actors.Config;
using Paralarva.Actors.Http;
using Paralarva.Actors.Listener;
using Paralarva.Actors.Metrics;
using Paralarva.Actors.Proxy;

namespace Paralarva.Tests.Listener;

/// <summary>
/// When a connection's metrics batch goes to the MetricsActor (issue 13: at 64 entries, 100 ms after its first one, or
/// when the connection stops) and what it carries. The timer is recorded, not run: a test fires it by hand.
/// </summary>
public sealed class ExchangeRecorderTests : TestKit
{
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(200);

    private readonly TestProbe _metrics;
    private readonly RecordingTimers _timers = new();
    private readonly Exchange _exchange = new() { Route = new Route("svc", ActorRefs.Nobody), Status = 200 };
    private readonly RequestHead _request = new();

    public ExchangeRecorderTests() => _metrics = CreateTestProbe("metrics");

    private ExchangeRecorder Recorder(bool recordMetrics = true)
    {
        var routes = new RouteTableHolder(new RouteTable([]));
        var context = new ConnectionContext(routes, ProxyOptions.Default, LimitsConfig.Default, _metrics.Ref) { RecordMetrics = recordMetrics };
        return new ExchangeRecorder(_timers, context, "127.0.0.1"u8.ToArray());
    }

    private void Record(ExchangeRecorder recorder, double durationSeconds, UpstreamCompleted? upstream = null) =>
        recorder.Record(_exchange, _request, "m1", rejection: null, upstream, durationSeconds);

    private static double[] Durations(RequestsCompleted batch)
    {
        var durations = new double[batch.Count];
        for (var i = 0; i < batch.Count; i++)
            durations[i] = batch.Requests[i].DurationSeconds;
        return durations;
    }

    [Fact]
    public void FirstExchange_ArmsOneTimerAtMaxAge_AndSendsNothingYet()
    {
        var recorder = Recorder();

        Record(recorder, 0.001);
        Record(recorder, 0.002);

        var (delay, _) = Assert.Single(_timers.Scheduled);
        Assert.Equal(RequestsCompleted.MaxAge, delay);
        _metrics.ExpectNoMsg(Quiet);
    }

    [Fact]
    public void TimerDue_SendsTheBatch_EachExchangeWithItsOwnDurationAndMember()
    {
        var recorder = Recorder();
        Record(recorder, 1, new UpstreamCompleted("svc", "m1", 0.25, 0.5));
        Record(recorder, 2);

        recorder.OnBatchDue();

        var batch = _metrics.ExpectMsg<RequestsCompleted>();
        Assert.Equal([1.0, 2.0], Durations(batch));
        Assert.Equal(new UpstreamCompleted("svc", "m1", 0.25, 0.5), batch.Requests[0].Upstream);
        Assert.Null(batch.Requests[1].Upstream);
        Assert.Equal("svc", batch.Requests[1].Service);
    }

    [Fact]
    public void SixtyFourExchanges_SentAsOneBatchAtOnce_TheNextStartsAnother()
    {
        var recorder = Recorder();

        for (var i = 0; i < RequestsCompleted.MaxCount; i++)
            Record(recorder, i);

        var first = _metrics.ExpectMsg<RequestsCompleted>();
        Assert.Equal(Enumerable.Range(0, RequestsCompleted.MaxCount).Select(i => (double)i), Durations(first));

        Record(recorder, 100);
        _metrics.ExpectNoMsg(Quiet);
        recorder.Stop();
        var second = _metrics.ExpectMsg<RequestsCompleted>();
        Assert.Equal([100.0], Durations(second));
        // Each batch has its own array: the MetricsActor gives the first back while the connection fills the second.
        Assert.NotSame(first.Entries, second.Entries);
    }

    [Fact]
    public void TimerDue_WithNothingRecordedSince_SendsNothing()
    {
        var recorder = Recorder();
        Record(recorder, 1);
        recorder.OnBatchDue();
        _metrics.ExpectMsg<RequestsCompleted>();

        recorder.OnBatchDue();

        _metrics.ExpectNoMsg(Quiet);
    }

    [Fact]
    public void Stop_SendsWhatTheBatchHolds_AndCancelsItsTimer()
    {
        var recorder = Recorder();
        Record(recorder, 1);

        recorder.Stop();

        Assert.Equal([1.0], Durations(_metrics.ExpectMsg<RequestsCompleted>()));
        Assert.True(Assert.Single(_timers.Scheduled).Timer.IsCancellationRequested);
    }

    [Fact]
    public void MetricsOff_NoBatchAndNoTimer()
    {
        var recorder = Recorder(recordMetrics: false);

        Record(recorder, 1);
        recorder.Stop();

        Assert.Empty(_timers.Scheduled);
        _metrics.ExpectNoMsg(Quiet);
    }

    private sealed class RecordingTimers : ISelfTimers
    {
        public List<(TimeSpan Delay, SelfTimer Timer)> Scheduled { get; } = [];

        public void Schedule(TimeSpan delay, SelfTimer timer) => Scheduled.Add((delay, timer));
    }
}
