using System.Text.RegularExpressions;
using Paralarva.Tests.Deployment;

namespace Paralarva.Tests.Prometheus;

/// <summary>
/// Every file in <c>prometheus/</c> through the real <c>promtool</c>: the scrape configuration, each rule
/// file, and each rule unit test file; and every alert has a unit test firing and one not firing.
/// </summary>
public sealed partial class PromtoolTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public static TheoryData<string> RuleFiles => new(PrometheusTools.FilesIn("rules"));

    public static TheoryData<string> TestFiles => new(PrometheusTools.FilesIn("tests"));

    [Fact]
    public async Task CheckConfig_PrometheusYml_ValidWithItsRuleFiles()
    {
        var result = await ToolProcess.RunAsync(PrometheusTools.Promtool, ["check", "config", "prometheus/prometheus.yml"], timeout: Timeout);

        result.EnsureSuccess();
        Assert.Contains("SUCCESS: prometheus/prometheus.yml is valid", result.StandardOutput, StringComparison.Ordinal);
        // The configuration loads the three rule files, and promtool checked them too.
        Assert.Contains("SUCCESS: 3 rule files found", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public void Folder_HasRuleAndTestFiles()
    {
        Assert.Equal(["prometheus/rules/alerts.yml", "prometheus/rules/recording.yml", "prometheus/rules/slo.yml"], PrometheusTools.FilesIn("rules"));
        Assert.NotEmpty(PrometheusTools.FilesIn("tests"));
    }

    [Theory]
    [MemberData(nameof(RuleFiles))]
    public async Task CheckRules_RuleFile_Valid(string file)
    {
        var result = await ToolProcess.RunAsync(PrometheusTools.Promtool, ["check", "rules", file], timeout: Timeout);

        result.EnsureSuccess();
        Assert.Matches(@"SUCCESS: [1-9][0-9]* rules found", result.StandardOutput);
    }

    [Theory]
    [MemberData(nameof(TestFiles))]
    public async Task TestRules_TestFile_AllPass(string file)
    {
        var result = await ToolProcess.RunAsync(PrometheusTools.Promtool, ["test", "rules", file], timeout: Timeout);

        result.EnsureSuccess();
        Assert.Contains("SUCCESS", result.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("FAILED", result.StandardOutput + result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public void AlertRules_EachAlert_HasFiringAndNotFiringUnitTests()
    {
        var alerts = AlertName().Matches(File.ReadAllText(RepositoryPaths.Of("prometheus/rules/alerts.yml")))
            .Select(m => m.Groups[1].Value).ToList();
        var tests = string.Join('\n', PrometheusTools.FilesIn("tests").Select(f => File.ReadAllText(RepositoryPaths.Of(f))));
        var cases = AlertCase().Matches(tests).Select(m => (Alert: m.Groups[1].Value, Fires: m.Groups[2].Value != "[]")).ToList();

        Assert.Equal(9, alerts.Count);
        foreach (var alert in alerts)
        {
            Assert.True(cases.Contains((alert, true)), alert + " has no unit test where it fires");
            Assert.True(cases.Contains((alert, false)), alert + " has no unit test where it does not fire");
        }
    }

    [GeneratedRegex(@"^\s*- alert: (\w+)", RegexOptions.Multiline)]
    private static partial Regex AlertName();

    // "- alertname: X", then "eval_time: ...", then "exp_alerts: []" (not firing) or "exp_alerts:" and a list (firing).
    [GeneratedRegex(@"- alertname: (\w+)\s*\n\s*eval_time: \S+\s*\n\s*exp_alerts:[ ]*(\[\]|\n)")]
    private static partial Regex AlertCase();
}
