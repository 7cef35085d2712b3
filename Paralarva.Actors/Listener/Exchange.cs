using System.Diagnostics;
using Akka.IO;
using Paralarva.Actors.Balancing;
using Paralarva.Actors.Metrics;

namespace Paralarva.Actors.Listener;

/// <summary>
/// One request and its response, as the RequestActor drives them: the route, the leased member connection, how far
/// each direction has got, the byte counts and times for the record, and the retry state. Part of the pooled
/// <see cref="ExchangeParts"/>, recycled with <see cref="Reset"/> for the next request rather than dozens of actor
/// fields reset by hand. The heads, which keep their buffers across requests, are parts of the same set, and the body
/// readers belong to the <see cref="RequestBodySlicer"/> and <see cref="ResponseBodySlicer"/>.
/// </summary>
internal sealed class Exchange
{
    public Route? Route { get; set; }

    /// <summary>The head to forward, until a member is leased; then in <see cref="RetryPolicy.SentHead"/>.</summary>
    public ByteString ForwardHead { get; set; } = ByteString.Empty;

    /// <summary>When the request's head was complete (Stopwatch ticks).</summary>
    public long Start { get; set; }

    public bool RequestParsed { get; set; }

    /// <summary>A byte of the request head has arrived: its timeout is answered with 408, not a silent close.</summary>
    public bool HeadBytesSeen { get; set; }

    public bool UpgradeRequested { get; set; }

    /// <summary>The member connection leased to this exchange, its one owner until released.</summary>
    public MemberConnection? Lease { get; set; }

    /// <summary>The member whose failure the proxy answered for, keeping the connection; the record names it.</summary>
    public string FailedMember { get; set; } = string.Empty;

    /// <summary>When the current attempt's first write went to the member (Stopwatch ticks).</summary>
    public long UpstreamStart { get; set; }

    public bool RequestComplete { get; set; }

    public bool MemberWritePending { get; set; }

    public bool ResponseHeadDone { get; set; }

    public bool ResponseComplete { get; set; }

    public bool CloseAfterResponse { get; set; }

    /// <summary>The response is chunked and the client speaks HTTP/1.0: relay the chunk-data only, then close.</summary>
    public bool RemoveChunked { get; set; }

    /// <summary>The member connection cannot serve another request (bytes past the response, a close, an error).</summary>
    public bool MemberBroken { get; set; }

    /// <summary>The proxy sent its own 100 (Continue): the member's, if it sends one too, is not relayed again.</summary>
    public bool ContinueSent { get; set; }

    public int Status { get; set; }

    /// <summary>When the member's first response byte arrived (Stopwatch ticks), or 0.</summary>
    public long FirstByteAt { get; set; }

    public long RequestBodyBytes { get; set; }

    public long ResponseBodyBytes { get; set; }

    public RetryPolicy Retry { get; } = new();

    /// <summary>Session affinity (read by <see cref="RequestAffinity"/>): the <c>consistent_hash</c> key, the member id the request's cookie names, the leased member's id.</summary>
    public ulong HashKey { get; set; }

    public ulong AffinityPin { get; set; }

    public ulong MemberAffinityId { get; set; }

    /// <summary>The client was asked for its next request together with this response's last write (before its ack).</summary>
    public bool NextRequestAsked { get; set; }

    /// <summary>The member's part of the exchange for the metrics: until its first byte, and until <paramref name="endedAt"/> (Stopwatch ticks).</summary>
    public UpstreamCompleted Upstream(string member, long endedAt) =>
        new(Route?.Service ?? string.Empty, member, SecondsFromUpstreamStart(FirstByteAt), SecondsFromUpstreamStart(endedAt));

    private double SecondsFromUpstreamStart(long timestamp) => (timestamp - UpstreamStart) / (double)Stopwatch.Frequency;

    /// <summary>Ready for the connection's next request.</summary>
    public void Reset()
    {
        Route = null;
        ForwardHead = ByteString.Empty;
        Start = 0;
        RequestParsed = false;
        HeadBytesSeen = false;
        UpgradeRequested = false;
        Lease = null;
        FailedMember = string.Empty;
        UpstreamStart = 0;
        RequestComplete = false;
        MemberWritePending = false;
        ResponseHeadDone = false;
        ResponseComplete = false;
        CloseAfterResponse = false;
        RemoveChunked = false;
        MemberBroken = false;
        ContinueSent = false;
        Status = 0;
        FirstByteAt = 0;
        RequestBodyBytes = 0;
        ResponseBodyBytes = 0;
        Retry.Reset();
        HashKey = AffinityPin = MemberAffinityId = 0;
        NextRequestAsked = false;
    }
}
