using Paralarva.Actors.Config;

namespace Paralarva.Tests.Config;

/// <summary>The optional <c>proxy.shutdown</c> section (grace period and drain timeout of a SIGTERM).</summary>
public sealed class ShutdownSectionTests
{
    private const string Base = ConfigTexts.MinimalWithService;

    [Fact]
    public void Absent_Defaults5sAnd30s()
    {
        var result = ConfigLoader.LoadText(Base);

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        Assert.Equal(new ShutdownConfig(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30)), result.Config.Shutdown);
    }

    [Theory]
    [InlineData("  shutdown:\n    grace_period: 10s\n    drain_timeout: 2m\n", 10_000, 120_000)]
    [InlineData("  shutdown:\n    grace_period: 0\n", 0, 30_000)]
    [InlineData("  shutdown:\n    drain_timeout: 1500ms\n", 5_000, 1_500)]
    [InlineData("  shutdown:\n", 5_000, 30_000)]
    public void Given_KeysRead_AbsentOnesDefault(string section, int graceMs, int drainMs)
    {
        var result = ConfigLoader.LoadText(Base + "\n" + section);

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        Assert.Equal(new ShutdownConfig(TimeSpan.FromMilliseconds(graceMs), TimeSpan.FromMilliseconds(drainMs)), result.Config.Shutdown);
    }

    [Theory]
    [InlineData("  shutdown:\n    grace_period: soon\n", "shutdown.grace_period", 12, "must be a duration")]
    [InlineData("  shutdown:\n    grace_period: 10m\n", "shutdown.grace_period", 12, "is outside")]
    [InlineData("  shutdown:\n    drain_timeout: -1s\n", "shutdown.drain_timeout", 12, "must be a duration")]
    [InlineData("  shutdown:\n    drain: 5s\n", "shutdown.drain", 12, "grace_period, drain_timeout")]
    [InlineData("  shutdown: 5s\n", "shutdown", 11, "mapping")]
    public void Invalid_ReportedWithPathAndLine(string section, string path, int line, string message)
    {
        var result = ConfigLoader.LoadText(Base + "\n" + section);

        Assert.False(result.IsValid);
        var error = Assert.Single(result.Errors);
        Assert.Equal((path, line), (error.Path, error.Line));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }
}
