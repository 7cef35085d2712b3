using System.Text.Json;

namespace Paralarva.Tests.Hosting;

/// <summary>
/// The runtime settings the executable ships with (<c>Paralarva.Host.runtimeconfig.json</c>, built next to the test
/// assembly by the project reference): the ones the benchmarks were measured with.
/// </summary>
public sealed class HostRuntimeConfigTests
{
    private const long FourMiB = 4L * 1024 * 1024;

    [Fact]
    public void Gc_WorkstationNonConcurrent_Gen0BudgetAtMost4MiB()
    {
        var properties = ConfigProperties();

        Assert.False(properties.GetProperty("System.GC.Server").GetBoolean());
        Assert.False(properties.GetProperty("System.GC.Concurrent").GetBoolean());
        // Without the cap the budget grows towards 200 MiB under a burst of connections, and the GC keeps that much
        // committed afterwards (bench/README.md, 2026-12-07, afternoon).
        var budget = properties.GetProperty("System.GC.Gen0MaxBudget").GetInt64();
        Assert.InRange(budget, 1024 * 1024, FourMiB);
    }

    private static JsonElement ConfigProperties()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Paralarva.Host.runtimeconfig.json");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties").Clone();
    }
}
