using System.Diagnostics;
using Akka.Actor;
using Akka.IO;
using Paralarva.Actors.Balancing;
using Akka.Event;
using Paralarva.Actors.Http;
using Paralarva.Actors.Metrics;

namespace Paralarva.Actors.Listener;

/// <summary>
/// Phase 5, after the member accepted an Upgrade with 101 (RFC 9110 section 7.8, RFC 6455): the connection is
/// no longer HTTP, and the actor relays raw bytes both ways until either side closes.
/// <code>
///   Exchanging ──101 to an upgrade request──▶ Tunnelling ──either side closes, or idle──▶ Closing / stopped
/// </code>
/// Each direction keeps the relay discipline of bodies: one write outstanding, and the source is read again only
/// once that write is acknowledged, so a slow reader on either side stops the reading on the other. When one
/// side closes, the other is closed after what was already read from the first has been written to it (no
/// half-open tunnels: WebSocket ends with a close handshake before either side closes anyway). The member
/// connection is never pooled again. The tunnel is one request for metrics and the access log: recorded once,
/// when it ends, with status 101, the bytes relayed each way as body bytes, and the handshake time (request
/// to 101) as duration, so that a connection open for hours does not read as a slow request.
/// </summary>
internal sealed partial class RequestActor
{
    private bool _upgradeRequested;
    private bool _clientEnded;
    private bool _tunnelRecorded;
    private double _handshakeSeconds;
    private long _tunnelLastActivity;

    private sealed class TunnelIdleCheck
    {
        public static readonly TunnelIdleCheck Instance = new();
        private TunnelIdleCheck() { }
    }

    /// <summary>The member answered 101: relay it with the bytes that followed it, then tunnel.</summary>
    private void StartTunnel(ByteString rest)
    {
        StopResponseDeadline();
        _responseHeadDone = true;
        _status = 101;
        _handshakeSeconds = SecondsSince(_exchangeStart);
        _tunnelLastActivity = Stopwatch.GetTimestamp();
        Timers.StartSingleTimer(TunnelIdleCheck.Instance, TunnelIdleCheck.Instance, _context.TunnelIdleTimeout);
        Become(Tunnelling);

        var head = ResponseHeadWriter.Write(_response, closeClient: false, http10KeepAlive: false, via: _context.Via);
        _responseBodyBytes += rest.Count;
        WriteToClient(rest.IsEmpty ? head : head.Concat(rest));
        // Bytes the client sent after its request already belong to the new protocol.
        if (!_memberWritePending)
            ContinueClientToMember();
    }

    private bool Tunnelling(object message)
    {
        switch (message)
        {
            case Tcp.Received received:
                TunnelToMember(received.Data);
                return true;
            case UpstreamMessages.MemberWriteAck:
                _memberWritePending = false;
                if (_clientEnded)
                    CloseMemberSide();
                else
                    ContinueClientToMember();
                return true;
            case UpstreamMessages.MemberReceived received:
                TunnelToClient(received.Data);
                return true;
            case ListenerMessages.ClientWriteAck:
                if (--_clientWritesPending == 0)
                    _lease!.Socket.Tell(Tcp.ResumeReading.Instance);
                return true;
            case UpstreamMessages.MemberClosed closed:
                OnTunnelMemberClosed(closed);
                return true;
            case Tcp.ConnectionClosed closed:
                OnTunnelClientClosed(closed);
                return true;
            case Tcp.CommandFailed failed:
                if (Sender.Equals(_client))
                    EndTunnel(abortMember: true);
                else
                    OnTunnelMemberClosed(UpstreamMessages.MemberClosed.ErrorInstance);
                return true;
            case TunnelIdleCheck:
                OnTunnelIdleCheck();
                return true;
            case BalancerMessages.ConnectionLeased leased:
                ReleaseStale(leased.Lease);
                return true;
            case ResponseTimedOut:
                // No answer is awaited here: the lazy timer only forgets itself (RequestActor.ResponseDeadline.cs).
                ResponseDeadlineReached();
                return true;
            case BalancerMessages.LeaseFailed:
                return true;
            default:
                return false;
        }
    }

    private void ContinueClientToMember()
    {
        if (_input.IsEmpty)
        {
            _client.Tell(Tcp.ResumeReading.Instance);
            return;
        }

        var pending = _input;
        _input = ByteString.Empty;
        TunnelToMember(pending);
    }

    private void TunnelToMember(ByteString data)
    {
        _tunnelLastActivity = Stopwatch.GetTimestamp();
        _requestBodyBytes += data.Count;
        _memberWritePending = true;
        _lease!.Socket.Tell(Tcp.Write.Create(data, UpstreamMessages.MemberWriteAck.Instance));
    }

    private void TunnelToClient(ByteString data)
    {
        _tunnelLastActivity = Stopwatch.GetTimestamp();
        _responseBodyBytes += data.Count;
        WriteToClient(data);
    }

    /// <summary>The member ended the tunnel: the client gets what is still queued for it, then a close.</summary>
    private void OnTunnelMemberClosed(UpstreamMessages.MemberClosed closed)
    {
        if (_clientEnded)
        {
            EndTunnel(abortMember: false);
            return;
        }

        EndTunnel(abortMember: !closed.Graceful);
        if (closed.Graceful)
            CloseClient();
        else
            AbortClient();
    }

    /// <summary>The client ended the tunnel: its last bytes reach the member, then the member connection closes.</summary>
    private void OnTunnelClientClosed(Tcp.ConnectionClosed closed)
    {
        _clientEnded = true;
        if (closed.IsErrorClosed || closed is Tcp.Aborted)
        {
            EndTunnel(abortMember: true);
            return;
        }

        if (!_memberWritePending)
            CloseMemberSide();
    }

    /// <summary>
    /// Closes the member connection after its pending writes and waits (bounded by the linger timer) for the
    /// close to complete: stopping first would let the connection's handler die and reset the bytes away.
    /// </summary>
    private void CloseMemberSide()
    {
        _lease!.Socket.Tell(Tcp.Close.Instance);
        Timers.StartSingleTimer(LingerTimedOut.Instance, LingerTimedOut.Instance, LingerTimeout);
        Become(TunnelClosingMember);
    }

    private bool TunnelClosingMember(object message)
    {
        switch (message)
        {
            case UpstreamMessages.MemberClosed or LingerTimedOut:
                EndTunnel(abortMember: false);
                return true;
            default:
                return true;
        }
    }

    private void OnTunnelIdleCheck()
    {
        var idle = Stopwatch.GetElapsedTime(_tunnelLastActivity);
        if (idle < _context.TunnelIdleTimeout)
        {
            Timers.StartSingleTimer(TunnelIdleCheck.Instance, TunnelIdleCheck.Instance, _context.TunnelIdleTimeout - idle);
            return;
        }

        // Not an error: idle tunnels are normal, and this is how long the proxy keeps them.
        _log.Debug("Tunnel to {0} idle for {1}; closing both sides", _lease?.MemberName, idle);
        EndTunnel(abortMember: true);
        AbortClient();
    }

    /// <summary>A tunnel cut by the drain timeout still counts as its one request.</summary>
    private void RecordTunnelIfOpen()
    {
        if (_status == 101 && _lease is not null && !_tunnelRecorded)
            EndTunnel(abortMember: true);
    }

    /// <summary>Records the tunnel once and gives the member connection back, never to be pooled.</summary>
    /// <remarks>Stops the actor when the client side is already gone; otherwise the caller closes it.</remarks>
    private void EndTunnel(bool abortMember)
    {
        Timers.Cancel(TunnelIdleCheck.Instance);
        if (!_tunnelRecorded)
        {
            _tunnelRecorded = true;
            var upstream = _lease is null ? null : new UpstreamCompleted(_route?.Service ?? string.Empty, _lease.MemberName,
                (_firstByteAt - _upstreamStart) / (double)Stopwatch.Frequency, (_firstByteAt - _upstreamStart) / (double)Stopwatch.Frequency);
            RecordExchange(_lease?.MemberName ?? string.Empty, upstream, _handshakeSeconds);
        }

        if (_lease is not null)
        {
            if (abortMember)
                _lease.Socket.Tell(Tcp.Abort.Instance);
            _lease.Member.Tell(new BalancerMessages.ReleaseConnection(_lease, Reusable: false));
            _lease = null;
        }

        if (_clientEnded)
            Context.Stop(Self);
    }
}
