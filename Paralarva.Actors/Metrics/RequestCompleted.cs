namespace Paralarva.Actors.Metrics;

/// <summary>
/// One exchange with a client ended, whether a member answered it or the proxy answered it itself: an entry of
/// <see cref="RequestsCompleted"/>, also accepted on its own by the MetricsActor. A struct, so that a batch is one
/// pooled array rather than an object per request (bench/README.md, session of 2026-12-07, 14:53 UTC).
/// </summary>
/// <param name="Service">The routed service, or "" when no service matched (no route, bad request).</param>
/// <param name="StatusCode">The status code the client received.</param>
/// <param name="DurationSeconds">From the first byte of the request head to the last byte of the response.</param>
/// <param name="Upstream">The member's share when a member answered, carried here rather than told separately so
/// that the MetricsActor gets one entry per request.</param>
internal readonly record struct RequestCompleted(
    string Service, int StatusCode, double DurationSeconds, long RequestBodyBytes, long ResponseBodyBytes,
    UpstreamCompleted? Upstream = null)
{
    /// <summary>The admission policy refused the request: the <c>reason</c> label (Admission.RejectionReasons), else null.</summary>
    public string? Rejected { get; init; }
}
