using Akka.Actor;
using Akka.Event;
using Akka.IO;
using Paralarva.Actors.Balancing;
using Paralarva.Actors.Health;
using Paralarva.Actors.Http;
using Paralarva.Actors.Metrics;

namespace Paralarva.Actors.Listener;

/// <summary>
/// Asking for a member, and asking again after an attempt failed when <see cref="RetryPolicy"/> says that is safe.
/// The rules live in the policy; this file turns its answers into lease requests, releases and metrics.
/// </summary>
internal sealed partial class RequestActor
{
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

    /// <summary>The member closed before any response byte of an attempt already sent.</summary>
    private bool TryReplay(MemberConnectionMessages.MemberClosed closed)
    {
        if (_exchange.FirstByteAt != 0 || _exchange.Route is null || !_exchange.Retry.Replayable)
            return false;
        if (_exchange.Retry.TryTakeKeepAliveReplay(_request.Method, closed.BeforeWrite))
        {
            _log.Debug("Replaying a request on {0}: its pooled connection to {1} was closed", _exchange.Route.Service, _exchange.Lease?.MemberName);
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

    private bool TryRetry(string reason, IActorRef? failedMember, ProxyError error, ExchangeOutcome outcome = ExchangeOutcome.Unknown)
    {
        if (_exchange.Route is null || !_exchange.Retry.TryTakeRetry(_exchange.Route.MaxRetries, failedMember, error))
            return false;

        _log.Debug("Retrying a request on {0} after {1} from {2}", _exchange.Route.Service, error, _exchange.Lease?.MemberName);
        Resend(reason, outcome);
        return true;
    }

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

    /// <summary>A member took this request (leased a connection or failed to open one): one more attempt.</summary>
    private void OnAttempt()
    {
        _exchange.Retry.Attempts++;
        if (_exchange.Retry.RetryReason is null)
            return;
        _context.Metrics.Tell(new RequestRetried(_exchange.Route!.Service, _exchange.Retry.RetryReason));
        _exchange.Retry.RetryReason = null;
    }

    /// <summary>What an exchange that failed with <paramref name="error"/> says about the member.</summary>
    private static ExchangeOutcome OutcomeOf(ProxyError error) => error switch
    {
        ProxyError.MemberReset or ProxyError.BadResponse => ExchangeOutcome.Reset,
        ProxyError.MemberTimeout => ExchangeOutcome.Timeout,
        _ => ExchangeOutcome.Unknown,
    };

    /// <summary>A write to the client was refused: its socket is gone.</summary>
    private void OnCommandFailed(Tcp.CommandFailed failed)
    {
        if (Sender.Equals(_client))
            Context.Stop(Self);
    }

    /// <summary>Whether a completion is from the connection leased now, not an earlier attempt's.</summary>
    private bool FromCurrentMember(MemberConnection connection) => ReferenceEquals(connection, _exchange.Lease);
}
