using System.Diagnostics;
using Akka.Actor;
using Akka.Event;
using Paralarva.Actors.Http;

namespace Paralarva.Actors.Listener;

/// <summary>
/// The client-side deadlines (<c>proxy.timeouts</c>): the whole request head in time (slowloris), keep-alive idle
/// between requests, and idle time inside a request body. At most one applies at a time, so one
/// <see cref="LazyDeadline"/> serves them all; a second one is the client's send deadline.
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

    private sealed class ClientSendTimerFired
    {
        public static readonly ClientSendTimerFired Instance = new();
        private ClientSendTimerFired() { }
    }

    /// <summary>Which client deadline <see cref="_clientDeadline"/> stands for now.</summary>
    private ClientDeadline _deadline;

    private void SetClientDeadline(ClientDeadline kind, TimeSpan timeout)
    {
        _deadline = kind;
        _clientDeadline.Set(timeout);
    }

    private void ClearClientDeadline()
    {
        _deadline = ClientDeadline.None;
        _clientDeadline.Clear();
    }

    /// <summary>No client deadline applies any more (a tunnel began): their timers are cancelled, not left to fire.</summary>
    private void StopClientTimers()
    {
        _deadline = ClientDeadline.None;
        _clientDeadline.Cancel();
        _sendDeadline.Cancel();
    }

    /// <summary>A request's first byte: its head is now due, counted from here unless already counted from the connection's opening.</summary>
    private void BeginRequestHead()
    {
        _exchange.HeadBytesSeen = true;
        if (_deadline != ClientDeadline.Head)
            SetClientDeadline(ClientDeadline.Head, _context.Timeouts.RequestHead);
    }

    /// <summary>Asks the client for more request body, which is now due within timeouts.body_idle.</summary>
    private void ReadClientBody()
    {
        SetClientDeadline(ClientDeadline.Body, _context.Timeouts.BodyIdle);
        _client.Tell(Akka.IO.Tcp.ResumeReading.Instance);
    }

    /// <summary>
    /// A client that stops reading stops the proxy reading the member (backpressure), so it would hold a member
    /// connection for as long as it likes: a write to the client that makes no progress for timeouts.body_idle ends
    /// the exchange, as nginx's send_timeout does. Progress is an acknowledged write; the same lazy timer scheme.
    /// </summary>
    private void OnClientWriteIssued()
    {
        // A tunnel has its own idle timeout instead.
        if (_clientWritesPending > 0 || _tunnelling)
            return;
        _sendDeadline.Set(_context.Timeouts.BodyIdle);
    }

    private void OnClientWriteProgress()
    {
        if (_clientWritesPending > 0)
            _sendDeadline.Set(_context.Timeouts.BodyIdle);
        else
            _sendDeadline.Clear();
    }

    private void OnClientSendTimer()
    {
        if (!_sendDeadline.Fired())
            return;
        _log.Debug("Client of {0} read nothing for {1}; ending the exchange", _exchange.Route?.Service, _context.Timeouts.BodyIdle);
        FailExchange(ProxyError.RequestTimeout);
    }

    private void OnClientTimer()
    {
        if (!_clientDeadline.Fired())
            return;

        var expired = _deadline;
        _deadline = ClientDeadline.None;
        switch (expired)
        {
            case ClientDeadline.Head when _exchange.HeadBytesSeen:
                _exchange.Start = Stopwatch.GetTimestamp();
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
