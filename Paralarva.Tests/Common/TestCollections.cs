namespace Paralarva.Tests.Common;

/// <summary>
/// The suite's parallelism (see README.md beside this file): every test class is its own xunit collection and
/// runs in parallel with the others (xunit.runner.json bounds how many at once), except the collections here,
/// whose tests run one at a time: they start real processes that compete for the machine, and their timings
/// (start-up, drain periods, scrape intervals) must not be squeezed by each other. The tests of
/// <see cref="Alone"/> run after all the others, by themselves.
/// </summary>
public static class TestCollections
{
    /// <summary>Tests that start the proxy executable itself (exit codes, flags, signals, stdout).</summary>
    public const string Processes = "Processes";

    /// <summary>Tests that run a real Prometheus server against the proxy.</summary>
    public const string Prometheus = "Prometheus";

    /// <summary>
    /// Tests whose outcome depends on the process under test seeing time as the test does (a debounce): xunit runs
    /// them after every parallel collection, with nothing else running, so a loaded machine cannot stall the
    /// process between two of the test's steps.
    /// </summary>
    public const string Alone = "Alone";
}

[CollectionDefinition(TestCollections.Processes)]
public sealed class ProcessesCollection;

[CollectionDefinition(TestCollections.Prometheus)]
public sealed class PrometheusCollection;

[CollectionDefinition(TestCollections.Alone, DisableParallelization = true)]
public sealed class AloneCollection;
