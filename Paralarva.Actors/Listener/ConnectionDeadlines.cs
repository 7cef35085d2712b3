using System.Diagnostics;

namespace Paralarva.Actors.Listener;

/// <summary>
/// The deadlines one client connection runs against, all on one timer of the RequestActor (a <see cref="SelfTimer"/>),
/// made once per connection:
/// <list type="bullet">
/// <item>the client deadline (<c>proxy.timeouts</c>): the whole request head in time (slowloris), keep-alive idle
/// between requests, and idle time inside a request body. At most one applies at a time, and
/// <see cref="ClientDeadline"/> says which;</item>
/// <item>the client's send deadline, since both directions can wait at once;</item>
/// <item>the member's response deadline (the command line's <c>--timeout</c>): from the lease request, and again
/// from each write to the member, until its first response byte;</item>
/// <item>a tunnel's idle deadline.</item>
/// </list>
/// Deadlines move often and pass rarely, so they are lazy: setting one writes a timestamp, and the timer is only
/// rescheduled when the new deadline is earlier than the time it fires at. When it fires, <see cref="Fired"/> names
/// the deadline that passed, if any, and re-arms the timer for the earliest one left. A keep-alive connection thus
/// schedules nothing per request, and an idle one holds a single timer registration, not one per kind of deadline
/// (each about 170 bytes of scheduler objects, for as long as the connection lives).
/// </summary>
internal sealed class ConnectionDeadlines
{
    /// <summary>Which client deadline is set.</summary>
    public enum ClientDeadline : byte
    {
        None = 0,
        /// <summary>The head of a request must be complete by then (timeouts.request_head): 408, or a silent close if nothing came.</summary>
        Head,
        /// <summary>Keep-alive idle between requests (timeouts.client_idle): close silently.</summary>
        Idle,
        /// <summary>The next request body byte is due (timeouts.body_idle): 408 if no response went out yet, else close.</summary>
        Body,
    }

    /// <summary>The deadline that passed when the timer fired.</summary>
    public enum Passed : byte
    {
        /// <summary>None: the timer fired early (a deadline moved later or was cleared) and was re-armed if needed.</summary>
        None = 0,
        Client,
        ClientSend,
        Response,
        TunnelIdle,
    }

    /// <summary>The timer's message, one per arming. Every phase passes it to <see cref="Fired"/>.</summary>
    public sealed class Due : SelfTimer;

    private readonly ISelfTimers _owner;
    private readonly ConnectionContext _context;

    // When each deadline is (Stopwatch timestamps), or 0 when it is not set.
    private long _client;
    private long _clientSend;
    private long _response;
    private long _tunnelIdle;

    /// <summary>When the scheduled timer fires, or 0 when none is scheduled.</summary>
    private long _firesAt;

    /// <summary>The timer scheduled last, or null: any other <see cref="Due"/> that arrives was replaced.</summary>
    private Due? _armed;

    /// <summary>Which client deadline <see cref="_client"/> stands for.</summary>
    private ClientDeadline _clientKind;

    /// <summary>No client deadline applies any more (a tunnel began): it has its own idle timeout instead.</summary>
    private bool _clientStopped;

    public ConnectionDeadlines(ISelfTimers owner, ConnectionContext context)
    {
        _owner = owner;
        _context = context;
    }

    /// <summary>
    /// The timer's message arrived: the deadline that passed (it is cleared, and the actor acts on it), or
    /// <see cref="Passed.None"/>. Several passed at once are reported one per message, earliest first: the timer is
    /// re-armed at once for the next, so each is judged in the phase its predecessor left. A timer that was replaced
    /// by an earlier one, but fired before its cancellation was seen, passes nothing.
    /// </summary>
    /// <param name="due">The message that arrived.</param>
    /// <param name="client">Which client deadline passed, when the result is <see cref="Passed.Client"/>.</param>
    public Passed Fired(Due due, out ClientDeadline client)
    {
        client = ClientDeadline.None;
        if (!ReferenceEquals(due, _armed))
            return Passed.None;
        _armed = null;
        _firesAt = 0;
        var now = Stopwatch.GetTimestamp();
        var passed = Earliest(out var earliest);
        if (earliest > now)
            passed = Passed.None;

        switch (passed)
        {
            case Passed.Client:
                client = _clientKind;
                _clientKind = ClientDeadline.None;
                _client = 0;
                break;
            case Passed.ClientSend:
                _clientSend = 0;
                break;
            case Passed.Response:
                _response = 0;
                break;
            case Passed.TunnelIdle:
                _tunnelIdle = 0;
                break;
        }

        ArmForEarliest(now);
        return passed;
    }

    /// <summary>The deadline set that is due first, and when (<see cref="long.MaxValue"/> and None when none is set).</summary>
    private Passed Earliest(out long dueAt)
    {
        var which = Passed.None;
        dueAt = long.MaxValue;
        Consider(_client, Passed.Client, ref which, ref dueAt);
        Consider(_clientSend, Passed.ClientSend, ref which, ref dueAt);
        Consider(_response, Passed.Response, ref which, ref dueAt);
        Consider(_tunnelIdle, Passed.TunnelIdle, ref which, ref dueAt);
        return which;
    }

    private static void Consider(long dueAt, Passed which, ref Passed earliest, ref long earliestDueAt)
    {
        if (dueAt != 0 && dueAt < earliestDueAt)
        {
            earliestDueAt = dueAt;
            earliest = which;
        }
    }

    // ── the client deadline ────────────────────────────────────────────────────────────────────

    /// <summary>A request head is due within timeouts.request_head.</summary>
    public void ExpectHead() => SetClient(ClientDeadline.Head, _context.Timeouts.RequestHead);

    /// <summary>A request's first byte: its head is now due, counted from here unless already counted from the connection's opening.</summary>
    public void HeadBegun()
    {
        if (_clientKind != ClientDeadline.Head)
            ExpectHead();
    }

    /// <summary>Keep-alive: the next request is due within timeouts.client_idle.</summary>
    public void ExpectNextRequest() => SetClient(ClientDeadline.Idle, _context.Timeouts.ClientIdle);

    /// <summary>The client was asked for more request body, which is now due within timeouts.body_idle.</summary>
    public void ExpectBody() => SetClient(ClientDeadline.Body, _context.Timeouts.BodyIdle);

    public void ClearClient()
    {
        _clientKind = ClientDeadline.None;
        _client = 0;
    }

    /// <summary>No client deadline applies any more (a tunnel began): neither the client nor the send deadline is set again.</summary>
    public void StopClient()
    {
        _clientStopped = true;
        ClearClient();
        _clientSend = 0;
    }

    private void SetClient(ClientDeadline kind, TimeSpan timeout)
    {
        _clientKind = kind;
        _client = Set(timeout);
    }

    // ── the client's send deadline ─────────────────────────────────────────────────────────────

    /// <summary>
    /// A client that stops reading stops the proxy reading the member (backpressure), so it would hold a member
    /// connection for as long as it likes: a write to the client that makes no progress for timeouts.body_idle ends
    /// the exchange, as nginx's send_timeout does. Progress is an acknowledged write.
    /// </summary>
    /// <param name="writesPending">Client writes not yet acknowledged, this one not counted.</param>
    public void ClientWriteIssued(int writesPending)
    {
        if (writesPending > 0 || _clientStopped)
            return;
        _clientSend = Set(_context.Timeouts.BodyIdle);
    }

    /// <param name="writesPending">Client writes still not acknowledged.</param>
    public void ClientWriteAcknowledged(int writesPending) =>
        _clientSend = writesPending > 0 ? Set(_context.Timeouts.BodyIdle) : 0;

    // ── the member's response deadline ─────────────────────────────────────────────────────────

    public void StartResponse() => _response = Set(_context.Options.Timeout);

    public void StopResponse() => _response = 0;

    // ── a tunnel's idle deadline ───────────────────────────────────────────────────────────────

    /// <summary>A byte went through the tunnel: it may now stay idle for ConnectionContext.TunnelIdleTimeout.</summary>
    public void TunnelActive() => _tunnelIdle = Set(_context.TunnelIdleTimeout);

    public void StopTunnel() => _tunnelIdle = 0;

    // ── the one timer ──────────────────────────────────────────────────────────────────────────

    /// <summary>A deadline <paramref name="timeout"/> from now, with the timer made to fire no later than it.</summary>
    private long Set(TimeSpan timeout)
    {
        var now = Stopwatch.GetTimestamp();
        var dueAt = now + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        if (_firesAt == 0 || dueAt < _firesAt)
            Arm(now, dueAt);
        return dueAt;
    }

    private void ArmForEarliest(long now)
    {
        if (Earliest(out var dueAt) != Passed.None)
            Arm(now, dueAt);
    }

    private void Arm(long now, long dueAt)
    {
        _armed?.Cancel();
        _armed = new Due();
        _firesAt = dueAt;
        var delay = dueAt > now ? Stopwatch.GetElapsedTime(now, dueAt) : TimeSpan.Zero;
        _owner.Schedule(delay, _armed);
    }

    /// <summary>The connection is gone: the timer is cancelled, so the scheduler lets go of the actor at once.</summary>
    public void CancelTimer()
    {
        _armed?.Cancel();
        _armed = null;
        _firesAt = 0;
    }
}
