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
    private bool _clientEnded;
    private bool _tunnelRecorded;
    private double _handshakeSeconds;

    /// <summary>The member answered 101: relay it with the bytes that followed it, then tunnel.</summary>
    private void StartTunnel(ByteString rest)
    {
        _deadlines.StopResponse();
        _deadlines.StopClient();
        Parts.Exchange.ResponseHeadDone = true;
        Parts.Exchange.Status = 101;
        _handshakeSeconds = SecondsSince(Parts.Exchange.Start);
        _deadlines.TunnelActive();
        Become(Tunnelling);

        var head = ResponseHeadWriter.Write(Parts.Response, closeClient: false, http10KeepAlive: false, via: _context.Via, rules: Parts.Exchange.Route?.ResponseHeaders);
        Parts.Exchange.ResponseBodyBytes += rest.Count;
        WriteToClient(rest.IsEmpty ? head : head.Concat(rest));
        // Bytes the client sent after its request already belong to the new protocol.
        if (!Parts.Exchange.MemberWritePending)
            ContinueClientToMember();
    }

    private bool Tunnelling(object message)
    {
        switch (message)
        {
            case Tcp.Received received:
                TunnelToMember(received.Data);
                return true;
            case MemberConnectionMessages.MemberWriteAck ack:
                if (FromCurrentMember(ack.Connection))
                    OnTunnelMemberWriteAck();
                return true;
            case MemberConnectionMessages.MemberReceived received:
                if (FromCurrentMember(received.Connection))
                    TunnelToClient(received.Data);
                return true;
            case ListenerMessages.ClientWriteAck:
                if (CountClientWriteAck() == 0)
                    Parts.Exchange.Lease!.ReadNext();
                return true;
            case MemberConnectionMessages.MemberClosed closed:
                if (FromCurrentMember(closed.Connection))
                    OnTunnelMemberClosed(closed);
                return true;
            case Tcp.ConnectionClosed closed:
                OnTunnelClientClosed(closed);
                return true;
            case Tcp.CommandFailed:
                _clientEnded = true;
                EndTunnel(abortMember: true);
                return true;
            case ExchangeRecorder.BatchDue:
                _recorder.OnBatchDue();
                return true;
            // The HTTP phases' deadlines were stopped when the tunnel began: only its idle deadline can pass here.
            case ConnectionDeadlines.Due due:
                if (_deadlines.Fired(due, out _) == ConnectionDeadlines.Passed.TunnelIdle)
                    OnTunnelIdle();
                return true;
            case BalancerMessages.ConnectionLeased leased:
                ReleaseStale(leased.Connection);
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
        _deadlines.TunnelActive();
        Parts.Exchange.RequestBodyBytes += data.Count;
        Parts.Exchange.MemberWritePending = true;
        if (Parts.Exchange.Lease!.Write(data, ByteString.Empty))
            OnTunnelMemberWriteAck();
    }

    private void OnTunnelMemberWriteAck()
    {
        Parts.Exchange.MemberWritePending = false;
        if (_clientEnded)
            EndTunnel(abortMember: false);
        else
            ContinueClientToMember();
    }

    private void TunnelToClient(ByteString data)
    {
        _deadlines.TunnelActive();
        Parts.Exchange.ResponseBodyBytes += data.Count;
        WriteToClient(data);
    }

    /// <summary>The member ended the tunnel: the client gets what is still queued for it, then a close.</summary>
    private void OnTunnelMemberClosed(MemberConnectionMessages.MemberClosed closed)
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

        // Its last bytes are written (no write is pending): the member connection closes with a FIN after them.
        if (!Parts.Exchange.MemberWritePending)
            EndTunnel(abortMember: false);
    }

    private void OnTunnelIdle()
    {
        // Not an error: idle tunnels are normal, and this is how long the proxy keeps them.
        Log.Debug("Tunnel to {0} idle for {1}; closing both sides", Parts.Exchange.Lease?.MemberName, _context.TunnelIdleTimeout);
        EndTunnel(abortMember: true);
        AbortClient();
    }

    /// <summary>A tunnel cut by the drain timeout still counts as its one request.</summary>
    private void RecordTunnelIfOpen()
    {
        if (_parts is { Exchange: { Status: 101, Lease: not null } } && !_tunnelRecorded)
            EndTunnel(abortMember: true);
    }

    /// <summary>Records the tunnel once and gives the member connection back, never to be pooled.</summary>
    /// <remarks>Stops the actor when the client side is already gone; otherwise the caller closes it.</remarks>
    private void EndTunnel(bool abortMember)
    {
        _deadlines.StopTunnel();
        if (!_tunnelRecorded)
        {
            _tunnelRecorded = true;
            // A tunnel's member time is its handshake: until the 101 arrived.
            UpstreamCompleted? upstream = Parts.Exchange.Lease is null ? null : Parts.Exchange.Upstream(Parts.Exchange.Lease.MemberName, Parts.Exchange.FirstByteAt);
            RecordExchange(Parts.Exchange.Lease?.MemberName ?? string.Empty, upstream, _handshakeSeconds);
        }

        if (abortMember)
            Parts.Exchange.Lease?.Abort();
        ReleaseLease(reusable: false, Health.ExchangeOutcome.Unknown);

        if (_clientEnded)
            Context.Stop(Self);
    }
}
