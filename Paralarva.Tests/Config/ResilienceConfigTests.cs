using Paralarva.Actors.Config;

namespace Paralarva.Tests.Config;

/// <summary>The resilience keys: strategy names, max_retries, when_all_members_down, outlier_detection, weights, member timeouts.</summary>
public sealed class ResilienceConfigTests
{
    /// <summary>One service; <c>{service}</c>, <c>{member}</c> and <c>{proxy}</c> mark where a test adds keys.</summary>
    private const string Template = """
        proxy:
          listen: { address: "127.0.0.1", port: 8080 }
          services:
            - name: svc
              domain: svc.example.com
        {service}
              hosts:
                - address: "10.0.0.1"
                  port: 9090
        {member}
        {proxy}
        """;

    private static ConfigLoadResult Load(string service = "", string member = "", string proxy = "") =>
        ConfigLoader.LoadText(Template.Replace("{service}", service).Replace("{member}", member).Replace("{proxy}", proxy));

    [Fact]
    public void Defaults_WhenNoKeyIsGiven()
    {
        var result = Load();

        Assert.True(result.IsValid, string.Join("; ", result.Errors));
        var service = result.Config!.Services[0];
        Assert.Equal(StrategyNames.PowerOfTwoChoices, service.Strategy);
        Assert.Equal(2, service.MaxRetries);
        Assert.Equal(AllMembersDownPolicy.Reject, service.WhenAllMembersDown);
        Assert.Equal(OutlierDetectionConfig.Default, service.OutlierDetection);
        Assert.Equal(1, service.Hosts[0].Weight);
        Assert.Equal(new MemberTimeoutsConfig(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(5)), result.Config.Timeouts.Member);
    }

    [Fact]
    public void EveryKey_Read()
    {
        var result = Load(
            service: """
                      strategy: least_requests
                      max_retries: 0
                      when_all_members_down: panic
                      outlier_detection:
                        consecutive_failures: 3
                        consecutive_5xx: 4
                        base_ejection_time: 10s
                        max_ejection_time: 2m
                """,
            member: "          weight: 3",
            proxy: """
                  timeouts:
                    connect: 250ms
                    member_idle: 2s
                    member_queue: 0
                """);

        Assert.True(result.IsValid, string.Join("; ", result.Errors));
        var service = result.Config!.Services[0];
        Assert.Equal(StrategyNames.LeastRequests, service.Strategy);
        Assert.Equal(0, service.MaxRetries);
        Assert.Equal(AllMembersDownPolicy.Panic, service.WhenAllMembersDown);
        Assert.Equal(new OutlierDetectionConfig(3, 4, TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(2)), service.OutlierDetection);
        Assert.Equal(3, service.Hosts[0].Weight);
        Assert.Equal(new MemberTimeoutsConfig(TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(2), TimeSpan.Zero), result.Config.Timeouts.Member);
    }

    [Theory]
    [InlineData("      strategy: power_of_two_choices", "", "", null, 0, "")]
    [InlineData("      max_retries: -1", "", "", "services[0].max_retries", 6, "max_retries -1 is outside 0-10")]
    [InlineData("      max_retries: 11", "", "", "services[0].max_retries", 6, "is outside 0-10")]
    [InlineData("      when_all_members_down: wait", "", "", "services[0].when_all_members_down", 6, "unknown when_all_members_down 'wait'; expected one of: reject, panic")]
    [InlineData("      outlier_detection: { consecutive_failures: x }", "", "", "services[0].outlier_detection.consecutive_failures", 6, "must be a whole number")]
    [InlineData("      outlier_detection: { base_ejection_time: 5 parsecs }", "", "", "services[0].outlier_detection.base_ejection_time", 6, "must be a duration")]
    [InlineData("      outlier_detection: { base_ejection_time: 60s, max_ejection_time: 30s }", "", "", "services[0].outlier_detection.max_ejection_time", 6, "max_ejection_time 30s is below base_ejection_time 1m")]
    [InlineData("      outlier_detection: { consecutive_failure: 3 }", "", "", "services[0].outlier_detection.consecutive_failure", 6, "did you mean 'consecutive_failures'?")]
    [InlineData("", "          weight: 0", "", "services[0].hosts[0].weight", 10, "weight 0 is outside 1-10000")]
    [InlineData("", "          weight: heavy", "", "services[0].hosts[0].weight", 10, "must be a whole number")]
    [InlineData("", "          wieght: 2", "", "services[0].hosts[0].wieght", 10, "did you mean 'weight'?")]
    [InlineData("", "", "  timeouts: { connect: 0s }", "timeouts.connect", 11, "connect 0s is outside 1ms-1h")]
    [InlineData("", "", "  timeouts: { member_idle: soon }", "timeouts.member_idle", 11, "must be a duration")]
    [InlineData("", "", "  timeouts: { member_queue: 2h }", "timeouts.member_queue", 11, "is outside")]
    public void OneBadValue_ReportedWithPathAndLine(string service, string member, string proxy, string? path, int line, string message)
    {
        var result = Load(service, member, proxy);

        if (path is null)
        {
            Assert.True(result.IsValid, string.Join("; ", result.Errors));
            return;
        }

        var error = Assert.Single(result.Errors);
        Assert.Equal(path, error.Path);
        Assert.Equal(line, error.Line);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadmeExample_BalancingAndResilience_IsValid()
    {
        // README "Balancing and resilience" shows every key: the example must stay loadable.
        var readme = File.ReadAllText(Path.Combine(ConfigLoaderTests.RepositoryRoot(), "README.md"));
        var section = readme[readme.IndexOf("### Balancing and resilience", StringComparison.Ordinal)..];
        var start = section.IndexOf("```yaml\n", StringComparison.Ordinal) + "```yaml\n".Length;
        var yaml = section[start..section.IndexOf("```", start, StringComparison.Ordinal)];

        var result = ConfigLoader.LoadText(yaml);

        Assert.True(result.IsValid, string.Join("; ", result.Errors));
        Assert.Equal(3, result.Config!.Services[0].Hosts[0].Weight);
    }
}
