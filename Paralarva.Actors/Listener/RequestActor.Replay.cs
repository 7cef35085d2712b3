using System.Collections.Immutable;
using Akka.Actor;
using Akka.Event;
using Akka.IO;
using Paralarva.Actors.Balancing;
using Paralarva.Actors.Health;
using Paralarva.Actors.Http;
using Paralarva.Actors.Metrics;

namespace Paralarva.Actors.Listener;

/// <summary>
/// Sending a request again after an attempt failed, when that is safe (RFC 9110 section 9.2.2,
/// RFC 9112 section 9.3.1):
/// <list type="bullet">
/// <item>A connection that could not be opened carried nothing: the request always goes to another member.</item>
/// <item>A request already sent goes to another member only when its method is idempotent, every body
/// byte sent so far is kept (at most <see cref="MaxReplayBodyBytes"/>), and no response byte arrived.</item>
/// <item>Keep-alive races: a pooled connection the member closed just as it was leased fails through
/// no fault of the request or the member; it is replayed (on any member) when idempotent, or when
/// nothing of it reached the member. These replays have their own small budget.</item>
/// </list>
/// Retries use the service's <c>max_retries</c> and never go back to a member that failed this request.
/// </summary>
internal sealed partial class RequestActor
{
    /// <summary>A member that restarted leaves every pooled connection dead; a few replays drain them.</summary>
    private const int MaxReplays = 2;

    /// <summary>A request body is kept for a retry up to this size (a typical JSON API body); beyond, it is only streamed.</summary>
    private const int MaxReplayBodyBytes = 64 * 1024;

    private bool _leaseReused;
    private int _replays;
    private int _retries;
    private int _attempts;
    private ByteString _sentHead = ByteString.Empty;
    /// <summary>Every body byte sent to the member so far, while <see cref="_replayable"/>.</summary>
    private ByteString _replayBody = ByteString.Empty;
    private bool _replayable = true;
    private ProxyError _lastFailure;
    /// <summary>Why the pending lease request is a retry; counted once a member takes it (not when none is left to try).</summary>
    private string? _retryReason;
    private ImmutableArray<IActorRef> _excluded = ImmutableArray<IActorRef>.Empty;

    /// <summary>Asks the route's balancer for a member: the first attempt and every retry.</summary>
    private void AcquireMember()
    {
        _correlationId++;
        var acquire = new BalancerMessages.AcquireConnection(_correlationId);
        _route!.Balancer.Tell(_excluded.IsEmpty ? acquire : acquire with { Excluded = _excluded });
        StartResponseDeadline();
        Become(_waitingForMember);
    }

    /// <summary>Body bytes on their way to the member: kept while the whole body sent so far fits the replay buffer.</summary>
    private void KeepForReplay(ByteString body)
    {
        if (!_replayable || body.IsEmpty)
            return;
        if (_replayBody.Count + body.Count > MaxReplayBodyBytes)
        {
            _replayable = false;
            _replayBody = ByteString.Empty;
            return;
        }

        _replayBody = _replayBody.IsEmpty ? body : _replayBody.Concat(body);
    }

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
        FailExchange(_retries > 0 && failed.MemberName is null ? _lastFailure : failed.Error);
    }

    /// <summary>The member closed before any response byte of an attempt already sent.</summary>
    private bool TryReplay(MemberConnectionMessages.MemberClosed closed)
    {
        if (_firstByteAt != 0 || _route is null || !_replayable)
            return false;
        if (_leaseReused && _replays < MaxReplays && (IsIdempotent(_request.Method) || closed.BeforeWrite))
        {
            _log.Debug("Replaying a request on {0}: its pooled connection to {1} was closed", _route.Service, _lease?.MemberName);
            _replays++;
            Resend(RetryReasons.KeepAliveRace, ExchangeOutcome.Unknown);
            return true;
        }

        // Nothing of it reached the member when the connection was closed before the lessee attached.
        return (IsIdempotent(_request.Method) || closed.BeforeWrite) && TryRetry(RetryReasons.Reset, _lease?.Member, ProxyError.MemberReset, ExchangeOutcome.Reset);
    }

    /// <summary>No response byte within the timeout: another member may answer an idempotent request.</summary>
    private bool TryRetryAfterTimeout() =>
        _firstByteAt == 0 && _replayable && IsIdempotent(_request.Method)
        && TryRetry(RetryReasons.Timeout, _lease?.Member, ProxyError.MemberTimeout, ExchangeOutcome.Timeout);

    private bool TryRetry(string reason, IActorRef? failedMember, ProxyError error, ExchangeOutcome outcome = ExchangeOutcome.Unknown)
    {
        if (_route is null || _retries >= _route.MaxRetries || failedMember is null)
            return false;

        _log.Debug("Retrying a request on {0} after {1} from {2}", _route.Service, error, _lease?.MemberName);
        _retries++;
        _lastFailure = error;
        _excluded = _excluded.Add(failedMember);
        Resend(reason, outcome);
        return true;
    }

    private void Resend(string reason, ExchangeOutcome outcome)
    {
        ReleaseLease(reusable: false, outcome);
        _memberBroken = false;
        _memberWritePending = false;
        // After a lease the head went out and is in _sentHead; after a failed connect it is still waiting.
        if (_forwardHead.IsEmpty)
            _forwardHead = _sentHead;
        _retryReason = reason;
        AcquireMember();
    }

    /// <summary>A member took this request (leased a connection or failed to open one): one more attempt.</summary>
    private void OnAttempt()
    {
        _attempts++;
        if (_retryReason is null)
            return;
        _context.Metrics.Tell(new RequestRetried(_route!.Service, _retryReason));
        _retryReason = null;
    }

    /// <summary>What an exchange that failed with <paramref name="error"/> says about the member.</summary>
    private static ExchangeOutcome OutcomeOf(ProxyError error) => error switch
    {
        ProxyError.MemberReset or ProxyError.BadResponse => ExchangeOutcome.Reset,
        ProxyError.MemberTimeout => ExchangeOutcome.Timeout,
        _ => ExchangeOutcome.Unknown,
    };

    private void ResetRetries()
    {
        _replays = 0;
        _retries = 0;
        _attempts = 0;
        _sentHead = ByteString.Empty;
        _replayBody = ByteString.Empty;
        _replayable = true;
        _lastFailure = ProxyError.None;
        _retryReason = null;
        _excluded = ImmutableArray<IActorRef>.Empty;
    }

    private static bool IsIdempotent(HttpMethodKind method) =>
        method is HttpMethodKind.Get or HttpMethodKind.Head or HttpMethodKind.Options
            or HttpMethodKind.Trace or HttpMethodKind.Put or HttpMethodKind.Delete;

    /// <summary>A write was refused: the client's socket is gone, or the member's is closing.</summary>
    private void OnCommandFailed(Tcp.CommandFailed failed)
    {
        if (Sender.Equals(_client))
            Context.Stop(Self);
    }

    /// <summary>Whether a completion is from the connection leased now, not an earlier attempt's.</summary>
    private bool FromCurrentMember(MemberConnection connection) => ReferenceEquals(connection, _lease);
}
