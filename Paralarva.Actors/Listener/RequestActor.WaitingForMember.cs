using Akka.Actor;
using System.Diagnostics;
using Akka.IO;
using Paralarva.Actors.Balancing;
using Paralarva.Actors.Http;

namespace Paralarva.Actors.Listener;

/// <summary>Phase 2: ask the route's balancer for a member, wait for the lease, then send the head and any body bytes already here.</summary>
internal sealed partial class RequestActor
{

    /// <summary>Asks the route's balancer for a member: the first attempt and every retry.</summary>
    private void AcquireMember()
    {
        _correlationId++;
        _exchange.Route!.Balancer.Tell(new BalancerMessages.AcquireConnection(_correlationId)
        {
            Excluded = _exchange.Retry.Excluded, HashKey = _exchange.HashKey, Pin = _exchange.AffinityPin,
        });
        StartResponseDeadline();
        Become(_waitingForMember);
    }

    private bool WaitingForMember(object message)
    {
        switch (message)
        {
            case BalancerMessages.ConnectionLeased leased:
                OnLeased(leased);
                return true;
            case BalancerMessages.LeaseFailed failed:
                OnLeaseFailed(failed);
                return true;
            case ResponseTimedOut:
                if (ResponseDeadlineReached())
                    FailExchange(ProxyError.MemberTimeout);
                return true;
            // A retry may leave a read posted: the bytes wait for the next member.
            case Tcp.Received received:
                _input = _input.Concat(received.Data);
                return true;
            // Late events of an attempt given up.
            case ListenerMessages.ClientWriteAck or MemberConnectionMessages.MemberWriteAck or MemberConnectionMessages.MemberReceived or MemberConnectionMessages.MemberClosed:
                return true;
            default:
                return ReceiveConnectionEvents(message);
        }
    }

    private void OnLeased(BalancerMessages.ConnectionLeased leased)
    {
        if (leased.CorrelationId != _correlationId)
        {
            ReleaseStale(leased.Connection);
            return;
        }

        _exchange.Lease = leased.Connection;
        _exchange.MemberAffinityId = leased.AffinityId;
        _exchange.Retry.LeaseReused = leased.Reused;
        OnAttempt();
        var head = _exchange.ForwardHead;
        _exchange.Retry.SentHead = _exchange.ForwardHead;
        _exchange.ForwardHead = ByteString.Empty;
        // A retry sends again the body bytes the failed attempt sent.
        var body = _exchange.Retry.ReplayBody;
        if (!_exchange.RequestComplete && !_input.IsEmpty)
        {
            var fresh = TakeRequestBody(_input, out var error);
            if (error != ProxyError.None)
            {
                FailExchange(error);
                return;
            }

            _exchange.Retry.KeepForReplay(fresh);
            body = body.IsEmpty ? fresh : body.Concat(fresh);
        }

        _exchange.UpstreamStart = Stopwatch.GetTimestamp();
        Become(_exchanging);
        // No read is asked for: a leased connection reads as soon as the response begins (see MemberConnection).
        // The head and the body go out as the buffers they are, in one write.
        WriteToMember(head, body);
        if (_exchange.Lease is not null)
            SendContinueIfAwaited();
    }

    /// <summary>
    /// RFC 9110 section 10.1.1: a client that expects 100-continue gets it from the proxy once a member is leased
    /// (nginx and Envoy answer it themselves too), so a member that ignores Expect, or an HTTP/1.0 one, cannot
    /// leave the client waiting. Errors found before the lease (400, 413, 431, 503) go out instead, as final answers.
    /// A client that sent body bytes without waiting needs no 100 (the server MAY omit it).
    /// </summary>
    private void SendContinueIfAwaited()
    {
        if (!_request.ExpectContinue || _exchange.RequestComplete || _exchange.RequestBodyBytes > 0)
            return;
        _exchange.ContinueSent = true;
        WriteToClient(ProxyErrors.Continue);
    }

    private static void ReleaseStale(MemberConnection connection) =>
        connection.Release(reusable: true, Health.ExchangeOutcome.Unknown);

    /// <summary>
    /// Writes to the member socket. A write the kernel takes at once is acknowledged here and now, without a message;
    /// otherwise <see cref="MemberConnectionMessages.MemberWriteAck"/> follows.
    /// </summary>
    private void WriteToMember(ByteString data, ByteString more)
    {
        _exchange.MemberWritePending = true;
        // Until it answers, the member is the one to act again (take this write, then respond): its timer restarts.
        if (_exchange.FirstByteAt == 0)
            StartResponseDeadline();
        if (_exchange.Lease!.Write(data, more))
            OnMemberWriteAck();
    }
}
