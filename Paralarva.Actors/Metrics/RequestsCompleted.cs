namespace Paralarva.Actors.Metrics;

/// <summary>
/// RequestActor → MetricsActor: the exchanges one client connection completed since its last batch, each with its
/// own durations, so the histograms stay exact. Sent every <see cref="MaxCount"/> exchanges, every
/// <see cref="MaxAge"/>, and when the connection closes: one message for many requests instead of one each.
/// </summary>
internal sealed record RequestsCompleted(IReadOnlyList<RequestCompleted> Requests)
{
    public const int MaxCount = 64;

    public static readonly TimeSpan MaxAge = TimeSpan.FromMilliseconds(100);
}
