using System.Diagnostics;
using Akka.Actor;
using Paralarva.Actors.Http;

namespace Paralarva.Actors.Listener;

/// <summary>
/// The client-side deadlines (<c>proxy.timeouts</c>): the whole request head in time (slowloris), keep-alive idle
/// between requests, and idle time inside a request body. At most one applies at a time, so one lazy timer
/// serves them all: moving a deadline later only writes a timestamp, and the timer, when it fires early, re-arms
/// itself for what is left. A keep-alive connection thus schedules nothing per request on the hot path.
/// </summary>
internal sealed partial class RequestActor
{
    private enum ClientDeadline : byte
    {
        None = 0,
        /// <summary>The head of a request must be complete by then (timeouts.request_head): 408, or a silent close if nothing came.</summary>
        Head,
        /// <summary>Keep-alive idle between requests (timeouts.client_idle): close silently.</summary>
        Idle,
        /// <summary>The next request body byte is due (timeouts.body_idle): 408 if no response went out yet, else close.</summary>
        Body,
    }

    private sealed class ClientTimerFired
    {
        public static readonly ClientTimerFired Instance = new();
        private ClientTimerFired() { }
    }

    private ClientDeadline _deadline;
    private long _deadlineAt;
    /// <summary>When the scheduled timer fires, or 0 when none is scheduled.</summary>
    private long _timerFiresAt;
    /// <summary>A byte of the current request head has arrived: its timeout is answered with 408, not a silent close.</summary>
    private bool _headBytesSeen;

    private void SetClientDeadline(ClientDeadline kind, TimeSpan timeout)
    {
        var now = Stopwatch.GetTimestamp();
        _deadline = kind;
        _deadlineAt = now + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        if (_timerFiresAt != 0 && _timerFiresAt <= _deadlineAt)
            return;
        _timerFiresAt = _deadlineAt;
        Timers.StartSingleTimer(ClientTimerFired.Instance, ClientTimerFired.Instance, timeout);
    }

    private void ClearClientDeadline() => _deadline = ClientDeadline.None;

    /// <summary>A request's first byte: its head is now due, counted from here unless already counted from the connection's opening.</summary>
    private void BeginRequestHead()
    {
        _headBytesSeen = true;
        if (_deadline != ClientDeadline.Head)
            SetClientDeadline(ClientDeadline.Head, _context.Timeouts.RequestHead);
    }

    /// <summary>Asks the client for more request body, which is now due within timeouts.body_idle.</summary>
    private void ReadClientBody()
    {
        SetClientDeadline(ClientDeadline.Body, _context.Timeouts.BodyIdle);
        _client.Tell(Akka.IO.Tcp.ResumeReading.Instance);
    }

    private void OnClientTimer()
    {
        _timerFiresAt = 0;
        if (_deadline == ClientDeadline.None)
            return;
        var left = _deadlineAt - Stopwatch.GetTimestamp();
        if (left > 0)
        {
            _timerFiresAt = _deadlineAt;
            Timers.StartSingleTimer(ClientTimerFired.Instance, ClientTimerFired.Instance, Stopwatch.GetElapsedTime(0, left));
            return;
        }

        var expired = _deadline;
        _deadline = ClientDeadline.None;
        switch (expired)
        {
            case ClientDeadline.Head when _headBytesSeen:
                _exchangeStart = Stopwatch.GetTimestamp();
                RejectRequest(ProxyError.RequestTimeout);
                return;
            case ClientDeadline.Body:
                // FailExchange answers 408 while no response byte went out, and otherwise can only abort.
                FailExchange(ProxyError.RequestTimeout);
                return;
            default:
                // Nothing of a request arrived (an idle keep-alive or a preconnected socket): close without an answer,
                // as nginx does, since a 408 nobody asked for can be taken as the answer to the client's next request.
                CloseClient();
                return;
        }
    }
}
