using Paralarva.Actors.Config;

namespace Paralarva.Tests.Config;

public sealed class MetricsSwitchReaderTests
{
    private static string Config(string metricsLine) => ConfigTexts.WithProxyKeys(metricsLine);

    [Fact]
    public void Load_NoMetricsKey_On()
    {
        var result = ConfigLoader.LoadText(Config(""));

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        Assert.True(result.Config!.MetricsEnabled);
    }

    [Theory]
    [InlineData("  metrics: on", true)]
    [InlineData("  metrics: off", false)]
    [InlineData("  metrics: \"off\"", false)]
    [InlineData("  metrics: true", true)]
    [InlineData("  metrics: false", false)]
    [InlineData("  metrics:", true)]
    public void Load_MetricsValue_Parsed(string line, bool enabled)
    {
        var result = ConfigLoader.LoadText(Config(line));

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        Assert.Equal(enabled, result.Config!.MetricsEnabled);
    }

    [Theory]
    [InlineData("  metrics: yes", "'yes' is not a metrics switch; expected on or off")]
    [InlineData("  metrics: OFF", "'OFF' is not a metrics switch")]
    [InlineData("  metrics: 0", "'0' is not a metrics switch")]
    [InlineData("  metrics: [off]", "expected on or off, found a list")]
    [InlineData("  metrics: \"\"", "is not a metrics switch")]
    public void Load_BadMetricsValue_ErrorWithLineAndPath(string line, string message)
    {
        var result = ConfigLoader.LoadText(Config(line));

        Assert.False(result.IsValid);
        var error = Assert.Single(result.Errors);
        Assert.Equal("metrics", error.Path);
        Assert.Equal(11, error.Line);
        Assert.Contains(message, error.ToString());
    }

    [Fact]
    public void Load_MisspelledMetricsKey_SuggestsMetrics()
    {
        var result = ConfigLoader.LoadText(Config("  metric: off"));

        var error = Assert.Single(result.Errors);
        Assert.Equal("metric", error.Path);
        Assert.Contains("did you mean 'metrics'", error.ToString());
    }
}
