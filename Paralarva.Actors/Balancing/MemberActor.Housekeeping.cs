using System.Diagnostics;
using Akka.Actor;
using Akka.Event;
using Paralarva.Actors.Http;
using Paralarva.Actors.Metrics;

namespace Paralarva.Actors.Balancing;

/// <summary>
/// A periodic tick, rather than a timer per connection or per waiter: closes pooled connections idle
/// longer than <c>timeouts.member_idle</c> (before the member's own keep-alive timeout closes them under
/// a request), answers 503 to requests that waited <c>timeouts.member_queue</c> at the connection limit,
/// and samples the member's load for the metrics.
/// </summary>
internal sealed partial class MemberActor
{
    private static readonly TimeSpan MinTick = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan MaxTick = TimeSpan.FromMilliseconds(500);

    private long _idleTicks;
    private long _queueTicks;
    private int _sampledInFlight = -1;
    private int _sampledIdle = -1;

    private sealed class Housekeeping
    {
        public static readonly Housekeeping Instance = new();
        private Housekeeping() { }
    }

    private void ReceiveHousekeeping() => Receive<Housekeeping>(_ => OnHousekeeping());

    private void StartHousekeeping()
    {
        _idleTicks = ToTicks(_timeouts.MemberIdle);
        _queueTicks = ToTicks(_timeouts.MemberQueue);
        // An eighth of the shorter timeout: a connection idles at most 12.5% longer than member_idle.
        var tick = TimeSpan.FromTicks(Math.Min(_timeouts.MemberIdle.Ticks, Math.Max(_timeouts.MemberQueue.Ticks, MinTick.Ticks)) / 8);
        tick = tick < MinTick ? MinTick : tick > MaxTick ? MaxTick : tick;
        Timers.StartPeriodicTimer(Housekeeping.Instance, Housekeeping.Instance, tick);
    }

    private static long ToTicks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);

    private void OnHousekeeping()
    {
        var now = Stopwatch.GetTimestamp();
        CloseIdleConnections(now);
        ExpireWaiters(now);
        SampleLoad();
    }

    private void CloseIdleConnections(long now)
    {
        var expired = 0;
        while (expired < _idle.Count && now - _idle[expired].Since > _idleTicks)
            expired++;
        if (expired == 0)
            return;

        for (var i = 0; i < expired; i++)
            CloseConnection(_idle[i].Lease.Connection);
        _idle.RemoveRange(0, expired);
    }

    /// <summary>Only at the connection limit: a request waiting for a connection being opened waits for the connect timeout instead.</summary>
    private void ExpireWaiters(long now)
    {
        while (AtConnectionLimit && _waiters.TryPeek(out var waiter) && now - waiter.Since > _queueTicks)
        {
            _waiters.Dequeue();
            _log.Warning("{0} member {1}: no free connection within {2} ({3} open)", _service, _name, _timeouts.MemberQueue, _open.Count);
            RejectWaiter(waiter, ProxyError.NoMemberAvailable);
        }
    }

    private void SampleLoad()
    {
        var inFlight = _lesseeByConnection.Count + _waiters.Count;
        if (inFlight == _sampledInFlight && _idle.Count == _sampledIdle)
            return;
        _sampledInFlight = inFlight;
        _sampledIdle = _idle.Count;
        _metrics.Tell(new MemberLoadSampled(_service, _name, inFlight, _idle.Count));
    }
}
