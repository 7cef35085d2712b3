using System.Diagnostics;

namespace Paralarva.Actors.Listener;

/// <summary>
/// The member's deadline (the command line's <c>--timeout</c>): from the lease request, and again from each write
/// to the member, until its first response byte. As with the client deadlines (RequestActor.Timeouts.cs), one
/// lazy timer serves every request of a keep-alive connection: starting or stopping the deadline only writes a
/// timestamp, and the timer, when it fires early, re-arms itself for what is left. Scheduling and cancelling an
/// Akka timer per request was a measurable share of the hot path.
/// </summary>
internal sealed partial class RequestActor
{
    /// <summary>When the member must have answered, or 0 when no answer is awaited.</summary>
    private long _responseDeadlineAt;
    /// <summary>When the scheduled <see cref="ResponseTimedOut"/> fires, or 0 when none is scheduled.</summary>
    private long _responseTimerFiresAt;

    private void StartResponseDeadline()
    {
        var timeout = _context.Options.Timeout;
        _responseDeadlineAt = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        if (_responseTimerFiresAt != 0 && _responseTimerFiresAt <= _responseDeadlineAt)
            return;
        _responseTimerFiresAt = _responseDeadlineAt;
        Timers.StartSingleTimer(ResponseTimedOut.Instance, ResponseTimedOut.Instance, timeout);
    }

    private void StopResponseDeadline() => _responseDeadlineAt = 0;

    /// <summary>
    /// Every phase calls this when <see cref="ResponseTimedOut"/> arrives (timer messages reach the phase directly,
    /// not through AroundReceive): true when the deadline has passed (the phase then acts on the timeout);
    /// false when none is running or it moved later, in which case the timer is re-armed for the rest.
    /// </summary>
    private bool ResponseDeadlineReached()
    {
        _responseTimerFiresAt = 0;
        if (_responseDeadlineAt == 0)
            return false;
        var left = _responseDeadlineAt - Stopwatch.GetTimestamp();
        if (left > 0)
        {
            _responseTimerFiresAt = _responseDeadlineAt;
            Timers.StartSingleTimer(ResponseTimedOut.Instance, ResponseTimedOut.Instance, Stopwatch.GetElapsedTime(0, left));
            return false;
        }

        _responseDeadlineAt = 0;
        return true;
    }
}
