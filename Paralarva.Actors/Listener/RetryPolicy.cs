using System.Collections.Immutable;
using Akka.Actor;
using Akka.IO;
using Paralarva.Actors.Http;

namespace Paralarva.Actors.Listener;

/// <summary>
/// When one request may be sent again, and what it takes to (RFC 9110 section 9.2.2, RFC 9112 section 9.3.1):
/// <list type="bullet">
/// <item>A connection that could not be opened carried nothing: the request always goes to another member.</item>
/// <item>A request already sent goes to another member only when its method is idempotent, every body byte sent so
/// far is kept (at most <see cref="MaxReplayBodyBytes"/>), and no response byte arrived.</item>
/// <item>Keep-alive races: a pooled connection the member closed just as it was leased fails through no fault of
/// the request or the member; it is replayed (on any member) when idempotent, or when nothing of it was written.
/// These replays have their own small budget (<see cref="MaxReplays"/>).</item>
/// </list>
/// Retries use the service's <c>max_retries</c> and never go back to a member that failed this request. A plain
/// class, one per exchange (recycled with it), holding the attempt counters and the bytes a replay sends again.
/// </summary>
internal sealed class RetryPolicy
{
    /// <summary>A member that restarted leaves every pooled connection dead; a few replays drain them.</summary>
    public const int MaxReplays = 2;

    /// <summary>A request body is kept for a retry up to this size (a typical JSON API body); beyond, it is only streamed.</summary>
    public const int MaxReplayBodyBytes = 64 * 1024;

    /// <summary>The current attempt's connection served an earlier exchange (a keep-alive race is possible).</summary>
    public bool LeaseReused { get; set; }

    /// <summary>Attempts a member took (a lease, or a failed connect), for the access log.</summary>
    public int Attempts { get; set; }

    /// <summary>Retries on another member so far (max_retries counts these).</summary>
    public int Retries { get; private set; }

    /// <summary>The head as forwarded by the last attempt that sent it.</summary>
    public ByteString SentHead { get; set; } = ByteString.Empty;

    /// <summary>Every body byte sent to the member so far, while <see cref="Replayable"/>.</summary>
    public ByteString ReplayBody { get; private set; } = ByteString.Empty;

    /// <summary>False once the body sent outgrew <see cref="MaxReplayBodyBytes"/>: the request can no longer be sent again.</summary>
    public bool Replayable { get; private set; } = true;

    /// <summary>What made the last retry necessary: a retry that finds no other member answers with it.</summary>
    public ProxyError LastFailure { get; private set; }

    /// <summary>Why the pending lease request is a retry; counted once a member takes it (not when none is left to try).</summary>
    public string? RetryReason { get; set; }

    /// <summary>Members that failed this request.</summary>
    public ImmutableArray<IActorRef> Excluded { get; private set; } = ImmutableArray<IActorRef>.Empty;

    private int _replays;

    public static bool IsIdempotent(HttpMethodKind method) =>
        method is HttpMethodKind.Get or HttpMethodKind.Head or HttpMethodKind.Options
            or HttpMethodKind.Trace or HttpMethodKind.Put or HttpMethodKind.Delete;

    /// <summary>Body bytes on their way to the member: kept while the whole body sent so far fits the replay buffer.</summary>
    public void KeepForReplay(ByteString body)
    {
        if (!Replayable || body.IsEmpty)
            return;
        if (ReplayBody.Count + body.Count > MaxReplayBodyBytes)
        {
            Replayable = false;
            ReplayBody = ByteString.Empty;
            return;
        }

        ReplayBody = ReplayBody.IsEmpty ? body : ReplayBody.Concat(body);
    }

    /// <summary>
    /// A reused pooled connection closed before any response byte: replay on any member, from the replay budget.
    /// <paramref name="nothingWritten"/>: the member had closed it before the request was written.
    /// </summary>
    public bool TryTakeKeepAliveReplay(HttpMethodKind method, bool nothingWritten)
    {
        if (!Replayable || !LeaseReused || _replays >= MaxReplays || !(IsIdempotent(method) || nothingWritten))
            return false;
        _replays++;
        return true;
    }

    /// <summary>Another member may be tried: takes one retry from <paramref name="maxRetries"/> and excludes the failed member.</summary>
    public bool TryTakeRetry(int maxRetries, IActorRef? failedMember, ProxyError error)
    {
        if (Retries >= maxRetries || failedMember is null)
            return false;
        Retries++;
        LastFailure = error;
        Excluded = Excluded.Add(failedMember);
        return true;
    }

    public void Reset()
    {
        LeaseReused = false;
        _replays = 0;
        Retries = 0;
        Attempts = 0;
        SentHead = ByteString.Empty;
        ReplayBody = ByteString.Empty;
        Replayable = true;
        LastFailure = ProxyError.None;
        RetryReason = null;
        Excluded = ImmutableArray<IActorRef>.Empty;
    }
}
