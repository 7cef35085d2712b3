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
        // External tools (helm) and the long randomised or timeout-bound end-to-end classes.
        var name when name.Contains(".Deployment.", StringComparison.Ordinal) => 2,
        var name when name.Contains("Fuzz", StringComparison.Ordinal) || name.Contains("Timeout", StringComparison.Ordinal) => 2,
        _ => 3,
    };
}
