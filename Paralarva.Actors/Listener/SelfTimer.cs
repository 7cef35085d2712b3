using Akka.Actor;

namespace Paralarva.Actors.Listener;

/// <summary>
/// A message the RequestActor schedules to itself once with Akka's scheduler, and the switch that cancels it.
/// Akka's per-actor timers (<c>IWithTimers</c>) would give every client connection a <c>TimerScheduler</c> with its
/// dictionary and timer record, and each timer a wrapped message and a <c>Cancelable</c> with its
/// <c>CancellationTokenSource</c>: about 500 bytes per idle connection (bench/README.md, 2026-12-07 evening). This
/// costs the scheduler's registration alone. Akka's scheduler drops a cancelled registration the next time its wheel
/// passes it, so a closed connection is not kept reachable until its last deadline. A timer cancelled after it fired
/// may still be in the mailbox: owners that re-arm compare what arrives with what they armed last.
/// </summary>
internal abstract class SelfTimer : ICancelable
{
    private volatile bool _cancelled;

    public bool IsCancellationRequested => _cancelled;

    public void Cancel() => _cancelled = true;

    public void Cancel(bool throwOnFirstException) => Cancel();

    // Akka's scheduler reads IsCancellationRequested only; nothing here waits on a token or cancels later.
    public CancellationToken Token => throw new NotSupportedException("A SelfTimer has no CancellationToken.");

    public void CancelAfter(TimeSpan delay) => throw new NotSupportedException("A SelfTimer is cancelled by its owner.");

    public void CancelAfter(int millisecondsDelay) => throw new NotSupportedException("A SelfTimer is cancelled by its owner.");
}

/// <summary>Schedules a <see cref="SelfTimer"/> to the actor that owns the caller.</summary>
internal interface ISelfTimers
{
    void Schedule(TimeSpan delay, SelfTimer timer);
}
