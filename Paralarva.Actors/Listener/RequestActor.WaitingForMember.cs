using System.Diagnostics;
using Akka.Actor;
using Akka.Event;
using Akka.IO;
using Paralarva.Actors.Balancing;
using Paralarva.Actors.Health;
using Paralarva.Actors.Http;
using Paralarva.Actors.Metrics;

namespace Paralarva.Actors.Listener;

/// <summary>
/// Phase 2: ask the route's balancer for a member, wait for the lease, then send the head and any body bytes already
/// here. A failed attempt comes back here when <see cref="RetryPolicy"/> says asking again is safe: the rules live in
/// the policy; this file turns its answers into lease requests, releases and metrics.
/// </summary>
internal sealed partial class RequestActor
{
    private long _correlationId;

    /// <summary>Asks the route's balancer for a member: the first attempt and every retry.</summary>
    private void AcquireMember()
    {
        _correlationId++;
        _exchange.Route!.Balancer.Tell(new BalancerMessages.AcquireConnection(_correlationId)
        {
            Excluded = _exchange.Retry.Excluded, HashKey = _exchange.HashKey, Pin = _exchange.AffinityPin,
        });
        _deadlines.StartResponse();
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
            case ConnectionDeadlines.Due due:
                if (ResponseDeadlinePassed(due))
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
            var fresh = _requestBody.Take(_input, out _input, out var error);
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

    // ── asking again after a failed attempt ────────────────────────────────────────────────────

    /// <summary>The member's answer to a lease request was a failure.</summary>
    private void OnLeaseFailed(BalancerMessages.LeaseFailed failed)
    {
        if (failed.CorrelationId != _correlationId)
            return;
        if (failed.MemberName is not null)
            OnAttempt();

        // A connect that failed sent nothing: always safe to try another member.
        if (failed.Error is ProxyError.MemberRefused or ProxyError.MemberTimeout && failed.MemberName is not null
            && TryRetry(failed.Error == ProxyError.MemberRefused ? RetryReasons.ConnectRefused : RetryReasons.ConnectTimeout, Sender, failed.Error))
            return;

        // A retry that found no other member answers with what failed, not with 503.
        FailExchange(_exchange.Retry.Retries > 0 && failed.MemberName is null ? _exchange.Retry.LastFailure : failed.Error);
    }

    /// <summary>A member took this request (leased a connection or failed to open one): one more attempt.</summary>
    private void OnAttempt()
    {
        _exchange.Retry.Attempts++;
        if (_exchange.Retry.RetryReason is null)
            return;
        _recorder.Retried(_exchange, _exchange.Retry.RetryReason);
        _exchange.Retry.RetryReason = null;
    }

    /// <summary>The member closed before any response byte of an attempt already sent.</summary>
    private bool TryReplay(MemberConnectionMessages.MemberClosed closed)
    {
        if (_exchange.FirstByteAt != 0 || _exchange.Route is null || !_exchange.Retry.Replayable)
            return false;
        if (_exchange.Retry.TryTakeKeepAliveReplay(_request.Method, closed.BeforeWrite))
        {
            Log.Debug("Replaying a request on {0}: its pooled connection to {1} was closed", _exchange.Route.Service, _exchange.Lease?.MemberName);
            Resend(RetryReasons.KeepAliveRace, ExchangeOutcome.Unknown);
            return true;
        }

        // Nothing of it reached the member when the connection was closed before the request was written.
        return (RetryPolicy.IsIdempotent(_request.Method) || closed.BeforeWrite)
            && TryRetry(RetryReasons.Reset, _exchange.Lease?.Member, ProxyError.MemberReset, ExchangeOutcome.Reset);
    }

    /// <summary>No response byte within the timeout: another member may answer an idempotent request.</summary>
    private bool TryRetryAfterTimeout() =>
        _exchange.FirstByteAt == 0 && _exchange.Retry.Replayable && RetryPolicy.IsIdempotent(_request.Method)
        && TryRetry(RetryReasons.Timeout, _exchange.Lease?.Member, ProxyError.MemberTimeout, ExchangeOutcome.Timeout);

    /// <summary>Asks for another member when the policy has a retry left, excluding <paramref name="failedMember"/>.</summary>
    private bool TryRetry(string reason, IActorRef? failedMember, ProxyError error, ExchangeOutcome outcome = ExchangeOutcome.Unknown)
    {
        if (_exchange.Route is null || !_exchange.Retry.TryTakeRetry(_exchange.Route.MaxRetries, failedMember, error))
            return false;

        Log.Debug("Retrying a request on {0} after {1} from {2}", _exchange.Route.Service, error, _exchange.Lease?.MemberName);
        Resend(reason, outcome);
        return true;
    }

    /// <summary>Gives the failed attempt's connection back and asks for a member again.</summary>
    private void Resend(string reason, ExchangeOutcome outcome)
    {
        ReleaseLease(reusable: false, outcome);
        _exchange.MemberBroken = false;
        _exchange.MemberWritePending = false;
        // After a lease the head went out and is in SentHead; after a failed connect it is still waiting.
        if (_exchange.ForwardHead.IsEmpty)
            _exchange.ForwardHead = _exchange.Retry.SentHead;
        _exchange.Retry.RetryReason = reason;
        AcquireMember();
    }
}
