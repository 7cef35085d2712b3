using System.Buffers;

namespace Paralarva.Actors.Metrics;

/// <summary>
/// RequestActor → MetricsActor: the exchanges one client connection completed since its last batch, each with its
/// own durations, so the histograms stay exact. Sent every <see cref="MaxCount"/> exchanges, every
/// <see cref="MaxAge"/>, and when the connection closes: one message for many requests instead of one each.
/// The entries live in an array rented from <see cref="ArrayPool{T}.Shared"/>: the MetricsActor gives it back
/// (<see cref="Return"/>) once it has counted them, so a steady stream of requests allocates no metrics objects.
/// </summary>
internal sealed record RequestsCompleted(RequestCompleted[] Entries, int Count)
{
    public const int MaxCount = 64;

    public static readonly TimeSpan MaxAge = TimeSpan.FromMilliseconds(100);

    public ArraySegment<RequestCompleted> Requests => new(Entries, 0, Count);

    /// <summary>An array for the next batch: at least <see cref="MaxCount"/> entries.</summary>
    public static RequestCompleted[] Rent() => ArrayPool<RequestCompleted>.Shared.Rent(MaxCount);

    /// <summary>The batch was counted: its array goes back to the pool, without the strings its entries named.</summary>
    public void Return()
    {
        Array.Clear(Entries, 0, Count);
        ArrayPool<RequestCompleted>.Shared.Return(Entries);
    }
}
