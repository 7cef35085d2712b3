using System.Diagnostics;
using Akka.Actor;
using Akka.Event;
using Paralarva.Actors.Config;
using Paralarva.Actors.Http;

namespace Paralarva.Actors.Balancing;

/// <summary>
/// A periodic tick, rather than a timer per waiter: answers 503 to requests that waited <c>timeouts.member_queue</c>
/// at the connection limit. A reload's new connection settings (<see cref="MemberSetMessages.UpdateConnectionSettings"/>)
/// apply from the next connect, waiter and tick on.
/// </summary>
internal sealed partial class MemberActor
{
    private static readonly TimeSpan MinTick = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan MaxTick = TimeSpan.FromMilliseconds(500);

    private long _queueTicks;

    private sealed class Housekeeping
    {
        public static readonly Housekeeping Instance = new();
        private Housekeeping() { }
    }

    private void ReceiveHousekeeping()
    {
        Receive<Housekeeping>(_ => ExpireWaiters(Stopwatch.GetTimestamp()));
        Receive<MemberSetMessages.UpdateConnectionSettings>(OnUpdateConnectionSettings);
    }

    private void StartHousekeeping()
    {
        _queueTicks = (long)(_timeouts.MemberQueue.TotalSeconds * Stopwatch.Frequency);
        // An eighth of the queue timeout: a request waits at most 12.5% longer than member_queue.
        var tick = TimeSpan.FromTicks(Math.Max(_timeouts.MemberQueue.Ticks, MinTick.Ticks) / 8);
        tick = tick < MinTick ? MinTick : tick > MaxTick ? MaxTick : tick;
        Timers.StartPeriodicTimer(Housekeeping.Instance, Housekeeping.Instance, tick);
    }

    /// <summary>Only at the connection limit: a request waiting for a connection being opened waits for the connect timeout instead.</summary>
    private void ExpireWaiters(long now)
    {
        while (AtConnectionLimit && _waiters.TryPeek(out var waiter) && now - waiter.Since > _queueTicks)
        {
            _waiters.Dequeue();
            _load.Waiting = _waiters.Count;
            _log.Warning("{0} member {1}: no free connection within {2} ({3} open)", _service, _name, _timeouts.MemberQueue, _open.Count);
            RejectWaiter(waiter, ProxyError.NoMemberAvailable);
        }
    }

    private void OnUpdateConnectionSettings(MemberSetMessages.UpdateConnectionSettings update)
    {
        var limitRaised = update.MaxConnectionsPerMember > _maxConnections;
        _timeouts = update.Timeouts;
        _maxConnections = update.MaxConnectionsPerMember;
        StartHousekeeping();
        // A lower limit takes effect as connections close; a higher one serves the queue at once.
        if (limitRaised)
            OpenConnectionsForWaiters();
        if (_timeouts.MemberQueue == TimeSpan.Zero)
            ExpireWaiters(long.MaxValue);
    }
}
