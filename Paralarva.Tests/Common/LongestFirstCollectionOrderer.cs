using Xunit.Abstractions;

[assembly: TestCollectionOrderer("Paralarva.Tests.Common.LongestFirstCollectionOrderer", "Paralarva.Tests")]

namespace Paralarva.Tests.Common;

/// <summary>
/// Starts the long serial collections first, so that the many short parallel ones fill the other threads around
/// them instead of the run ending with one long collection alone: the suite's wall time is then about the longest
/// collection's, not its sum. Within a rank the order is by name, stable from run to run.
/// </summary>
public sealed class LongestFirstCollectionOrderer : ITestCollectionOrderer
{
    public IEnumerable<ITestCollection> OrderTestCollections(IEnumerable<ITestCollection> testCollections) =>
        testCollections.OrderBy(Rank).ThenBy(c => c.DisplayName, StringComparer.Ordinal);

    private static int Rank(ITestCollection collection) => collection.DisplayName switch
    {
        TestCollections.Prometheus => 0,
        TestCollections.Processes => 1,
        // The long randomised or timeout-bound end-to-end classes. Not the helm and script classes: they are
        // CPU-bound process launches, and started first they would all compete with each other for the whole run.
        var name when name.Contains("FuzzedRequests", StringComparison.Ordinal) || name.Contains("Timeout", StringComparison.Ordinal) => 2,
        _ => 3,
    };
}
