using Akka.Actor;

namespace Paralarva.Actors.Listener;

/// <summary>
/// The deadlines one client connection runs against, each a <see cref="LazyDeadline"/> on the RequestActor's timers,
/// made once per connection:
/// <list type="bullet">
/// <item>the client deadline (<c>proxy.timeouts</c>): the whole request head in time (slowloris), keep-alive idle
/// between requests, and idle time inside a request body. At most one applies at a time, so one timer serves them
/// all, and <see cref="ClientDeadline"/> says which one it stands for;</item>
/// <item>the client's send deadline, since both directions can wait at once;</item>
/// <item>the member's response deadline (the command line's <c>--timeout</c>): from the lease request, and again
/// from each write to the member, until its first response byte;</item>
/// <item>a tunnel's idle deadline.</item>
/// </list>
/// The actor passes each timer message to the matching <c>…Fired</c> method and acts when it returns true; timer
/// messages reach the phase directly, not through AroundReceive, so every phase that may receive one does so.
/// </summary>
internal sealed class ConnectionDeadlines
{
    /// <summary>Which deadline the client timer stands for.</summary>
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

    public sealed class ClientTimerFired
    {
        public static readonly ClientTimerFired Instance = new();
        private ClientTimerFired() { }
    }

    public sealed class ClientSendTimerFired
    {
        public static readonly ClientSendTimerFired Instance = new();
        private ClientSendTimerFired() { }
    }

    public sealed class ResponseTimedOut
    {
        public static readonly ResponseTimedOut Instance = new();
        private ResponseTimedOut() { }
    }

    public sealed class TunnelIdleCheck
    {
        public static readonly TunnelIdleCheck Instance = new();
        private TunnelIdleCheck() { }
    }

    private readonly ConnectionContext _context;
    private readonly LazyDeadline _client;
    private readonly LazyDeadline _send;
    private readonly LazyDeadline _response;
    private readonly LazyDeadline _tunnelIdle;

    /// <summary>Which client deadline <see cref="_client"/> stands for now.</summary>
    private ClientDeadline _clientKind;

    /// <summary>No client deadline applies any more (a tunnel began): it has its own idle timeout instead.</summary>
    private bool _clientStopped;

    public ConnectionDeadlines(IWithTimers owner, ConnectionContext context)
    {
        _context = context;
        _client = new LazyDeadline(owner, ClientTimerFired.Instance);
        _send = new LazyDeadline(owner, ClientSendTimerFired.Instance);
        _response = new LazyDeadline(owner, ResponseTimedOut.Instance);
        _tunnelIdle = new LazyDeadline(owner, TunnelIdleCheck.Instance);
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
        _client.Clear();
    }

    /// <summary>No client deadline applies any more (a tunnel began): their timers are cancelled, not left to fire.</summary>
    public void StopClient()
    {
        _clientStopped = true;
        _clientKind = ClientDeadline.None;
        _client.Cancel();
        _send.Cancel();
    }

    /// <summary>The client timer's message arrived: true, with the deadline that passed, when the actor must act.</summary>
    public bool ClientFired(out ClientDeadline expired)
    {
        expired = ClientDeadline.None;
        if (!_client.Fired())
            return false;
        expired = _clientKind;
        _clientKind = ClientDeadline.None;
        return true;
    }

    private void SetClient(ClientDeadline kind, TimeSpan timeout)
    {
        _clientKind = kind;
        _client.Set(timeout);
    }

    // ── the client's send deadline ─────────────────────────────────────────────────────────────

    /// <summary>
    /// A client that stops reading stops the proxy reading the member (backpressure), so it would hold a member
    /// connection for as long as it likes: a write to the client that makes no progress for timeouts.body_idle ends
    /// the exchange, as nginx's send_timeout does. Progress is an acknowledged write; the same lazy timer scheme.
    /// </summary>
    /// <param name="writesPending">Client writes not yet acknowledged, this one not counted.</param>
    public void ClientWriteIssued(int writesPending)
    {
        if (writesPending > 0 || _clientStopped)
            return;
        _send.Set(_context.Timeouts.BodyIdle);
    }

    /// <param name="writesPending">Client writes still not acknowledged.</param>
    public void ClientWriteAcknowledged(int writesPending)
    {
        if (writesPending > 0)
            _send.Set(_context.Timeouts.BodyIdle);
        else
            _send.Clear();
    }

    public bool ClientSendFired() => _send.Fired();

    // ── the member's response deadline ─────────────────────────────────────────────────────────

    public void StartResponse() => _response.Set(_context.Options.Timeout);

    public void StopResponse() => _response.Clear();

    /// <summary>
    /// Every phase calls this when <see cref="ResponseTimedOut"/> arrives, even one that awaits no answer (the lazy
    /// timer then only forgets itself): true when the deadline has passed and the phase must act on it.
    /// </summary>
    public bool ResponseFired() => _response.Fired();

    // ── a tunnel's idle deadline ───────────────────────────────────────────────────────────────

    /// <summary>A byte went through the tunnel: it may now stay idle for ConnectionContext.TunnelIdleTimeout.</summary>
    public void TunnelActive() => _tunnelIdle.Set(_context.TunnelIdleTimeout);

    public void StopTunnel() => _tunnelIdle.Cancel();

    public bool TunnelIdleFired() => _tunnelIdle.Fired();
}
