using System.Diagnostics;
using Akka.Actor;

namespace Paralarva.Actors.Listener;

/// <summary>
/// A deadline that moves often and fires rarely, on one Akka timer. Setting it later only writes a timestamp; the
/// timer, when it fires before the deadline, re-arms itself for what is left; clearing it leaves the timer to fire
/// into nothing. A keep-alive connection thus schedules nothing per request on the hot path, where scheduling and
/// cancelling an Akka timer per request was a measurable share of the CPU. The owner passes every arrival of
/// <see cref="Message"/> to <see cref="Fired"/>.
/// </summary>
internal sealed class LazyDeadline(IWithTimers owner, object message)
{
    /// <summary>When the deadline is, or 0 when none is set.</summary>
    private long _dueAt;

    /// <summary>When the scheduled timer fires, or 0 when none is scheduled.</summary>
    private long _firesAt;

    /// <summary>The timer's key and message: one instance per deadline.</summary>
    public object Message { get; } = message;

    public bool IsSet => _dueAt != 0;

    /// <summary>The deadline is <paramref name="timeout"/> from now (earlier or later than before).</summary>
    public void Set(TimeSpan timeout)
    {
        _dueAt = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        if (_firesAt != 0 && _firesAt <= _dueAt)
            return;
        _firesAt = _dueAt;
        owner.Timers.StartSingleTimer(Message, Message, timeout);
    }

    /// <summary>No deadline: a timer still scheduled fires into nothing.</summary>
    public void Clear() => _dueAt = 0;

    /// <summary>No deadline and no timer: for a phase whose handlers no longer expect <see cref="Message"/>.</summary>
    public void Cancel()
    {
        _dueAt = 0;
        _firesAt = 0;
        owner.Timers.Cancel(Message);
    }

    /// <summary>
    /// The timer's message arrived: true when the deadline has passed (it is then cleared, and the owner acts);
    /// false when none is set or it moved later, in which case the timer is re-armed for the rest.
    /// </summary>
    public bool Fired()
    {
        _firesAt = 0;
        if (_dueAt == 0)
            return false;
        var left = _dueAt - Stopwatch.GetTimestamp();
        if (left > 0)
        {
            _firesAt = _dueAt;
            owner.Timers.StartSingleTimer(Message, Message, Stopwatch.GetElapsedTime(0, left));
            return false;
        }

        _dueAt = 0;
        return true;
    }
}
