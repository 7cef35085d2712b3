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
        Parts.Exchange.Route!.Balancer.Tell(new BalancerMessages.AcquireConnection(_correlationId)
        {
            Excluded = Parts.Exchange.Retry.Excluded, HashKey = Parts.Exchange.HashKey, Pin = Parts.Exchange.AffinityPin,
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

        Parts.Exchange.Lease = leased.Connection;
        Parts.Exchange.MemberAffinityId = leased.AffinityId;
        Parts.Exchange.Retry.LeaseReused = leased.Reused;
        OnAttempt();
        var head = Parts.Exchange.ForwardHead;
        Parts.Exchange.Retry.SentHead = Parts.Exchange.ForwardHead;
        Parts.Exchange.ForwardHead = ByteString.Empty;
        // A retry sends again the body bytes the failed attempt sent.
        var body = Parts.Exchange.Retry.ReplayBody;
        if (!Parts.Exchange.RequestComplete && !_input.IsEmpty)
        {
            var fresh = Parts.RequestBody.Take(_input, out _input, out var error);
            if (error != ProxyError.None)
            {
                FailExchange(error);
                return;
            }

            Parts.Exchange.Retry.KeepForReplay(fresh);
            body = body.IsEmpty ? fresh : body.Concat(fresh);
        }

        Parts.Exchange.UpstreamStart = Stopwatch.GetTimestamp();
        Become(_exchanging);
        // No read is asked for: a leased connection reads as soon as the response begins (see MemberConnection).
        // The head and the body go out as the buffers they are, in one write.
        WriteToMember(head, body);
        if (Parts.Exchange.Lease is not null)
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
        if (!Parts.Request.ExpectContinue || Parts.Exchange.RequestComplete || Parts.Exchange.RequestBodyBytes > 0)
            return;
        Parts.Exchange.ContinueSent = true;
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
        FailExchange(Parts.Exchange.Retry.Retries > 0 && failed.MemberName is null ? Parts.Exchange.Retry.LastFailure : failed.Error);
    }

    /// <summary>A member took this request (leased a connection or failed to open one): one more attempt.</summary>
    private void OnAttempt()
    {
        Parts.Exchange.Retry.Attempts++;
        if (Parts.Exchange.Retry.RetryReason is null)
            return;
        _recorder.Retried(Parts.Exchange, Parts.Exchange.Retry.RetryReason);
        Parts.Exchange.Retry.RetryReason = null;
    }

    /// <summary>The member closed before any response byte of an attempt already sent.</summary>
    private bool TryReplay(MemberConnectionMessages.MemberClosed closed)
    {
        if (Parts.Exchange.FirstByteAt != 0 || Parts.Exchange.Route is null || !Parts.Exchange.Retry.Replayable)
            return false;
        if (Parts.Exchange.Retry.TryTakeKeepAliveReplay(Parts.Request.Method, closed.BeforeWrite))
        {
            Log.Debug("Replaying a request on {0}: its pooled connection to {1} was closed", Parts.Exchange.Route.Service, Parts.Exchange.Lease?.MemberName);
            Resend(RetryReasons.KeepAliveRace, ExchangeOutcome.Unknown);
            return true;
        }

        // Nothing of it reached the member when the connection was closed before the request was written.
        return (RetryPolicy.IsIdempotent(Parts.Request.Method) || closed.BeforeWrite)
            && TryRetry(RetryReasons.Reset, Parts.Exchange.Lease?.Member, ProxyError.MemberReset, ExchangeOutcome.Reset);
    }

    /// <summary>No response byte within the timeout: another member may answer an idempotent request.</summary>
    private bool TryRetryAfterTimeout() =>
        Parts.Exchange.FirstByteAt == 0 && Parts.Exchange.Retry.Replayable && RetryPolicy.IsIdempotent(Parts.Request.Method)
        && TryRetry(RetryReasons.Timeout, Parts.Exchange.Lease?.Member, ProxyError.MemberTimeout, ExchangeOutcome.Timeout);

    /// <summary>Asks for another member when the policy has a retry left, excluding <paramref name="failedMember"/>.</summary>
    private bool TryRetry(string reason, IActorRef? failedMember, ProxyError error, ExchangeOutcome outcome = ExchangeOutcome.Unknown)
    {
        if (Parts.Exchange.Route is null || !Parts.Exchange.Retry.TryTakeRetry(Parts.Exchange.Route.MaxRetries, failedMember, error))
            return false;

        Log.Debug("Retrying a request on {0} after {1} from {2}", Parts.Exchange.Route.Service, error, Parts.Exchange.Lease?.MemberName);
        Resend(reason, outcome);
        return true;
    }

    /// <summary>Gives the failed attempt's connection back and asks for a member again.</summary>
    private void Resend(string reason, ExchangeOutcome outcome)
    {
        ReleaseLease(reusable: false, outcome);
        Parts.Exchange.MemberBroken = false;
        Parts.Exchange.MemberWritePending = false;
        // After a lease the head went out and is in SentHead; after a failed connect it is still waiting.
        if (Parts.Exchange.ForwardHead.IsEmpty)
            Parts.Exchange.ForwardHead = Parts.Exchange.Retry.SentHead;
        Parts.Exchange.Retry.RetryReason = reason;
        AcquireMember();
    }
}
