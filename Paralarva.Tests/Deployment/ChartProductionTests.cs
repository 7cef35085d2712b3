using YamlDotNet.RepresentationModel;

namespace Paralarva.Tests.Deployment;

/// <summary>
/// What a production release needs from the chart: a grace period that follows the drain settings, names
/// within 63 characters, a pinned image, extra env/volumes/labels, a NetworkPolicy, a `helm test` hook, and
/// the PrometheusRule holding exactly the repository's rule files.
/// </summary>
public sealed class ChartProductionTests
{
    [Theory]
    [InlineData(null, null, null, 45)]
    [InlineData("2500ms", "1m", null, 73)]
    [InlineData("0", "90", null, 100)]
    [InlineData("10s", "2m", 5, 145)]
    public async Task Template_GracePeriodUnset_DerivedFromTheDrainSettings(string? grace, string? drain, int? preStopSleep, int expected)
    {
        var arguments = new List<string>();
        if (grace is not null)
            arguments.AddRange(["--set-string", "config.proxy.shutdown.grace_period=" + grace]);
        if (drain is not null)
            arguments.AddRange(["--set-string", "config.proxy.shutdown.drain_timeout=" + drain]);
        if (preStopSleep is { } sleep)
            arguments.AddRange(["--set-json", "lifecycle={\"preStop\":{\"sleep\":{\"seconds\":" + sleep + "}}}"]);

        var manifests = await HelmTool.RenderAsync([], [.. arguments]);

        Assert.Equal(expected, YamlTree.Int(manifests.Deployment, "spec", "template", "spec", "terminationGracePeriodSeconds"));
    }

    [Fact]
    public async Task Template_GracePeriodSetAboveTheDrain_Kept()
    {
        var manifests = await HelmTool.RenderAsync([], "--set", "terminationGracePeriodSeconds=36");

        Assert.Equal(36, YamlTree.Int(manifests.Deployment, "spec", "template", "spec", "terminationGracePeriodSeconds"));
    }

    [Fact]
    public async Task Template_LongReleaseName_EveryNameWithin63Characters()
    {
        var manifests = await HelmTool.RenderAsync([], "--set", "fullnameOverride=" + new string('p', 80));

        foreach (var manifest in manifests.Objects)
        {
            var name = YamlTree.Text(manifest, "metadata", "name");
            Assert.True(name.Length <= 63, YamlTree.Text(manifest, "kind") + " " + name + " is " + name.Length + " characters");
        }

        Assert.EndsWith("-monitoring", YamlTree.Text(manifests.Service("monitoring"), "metadata", "name"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Template_ImageDigest_PinsTheImage()
    {
        var digest = "sha256:" + new string('a', 64);

        var manifests = await HelmTool.RenderAsync([], "--set", "image.digest=" + digest);

        Assert.Equal("paralarva@" + digest, YamlTree.Text(manifests.Container, "image"));
    }

    [Fact]
    public async Task Template_ExtraEnvVolumesAndPodLabels_ReachThePod()
    {
        var manifests = await HelmTool.RenderAsync([],
            "--set-json", "extraEnv=[{\"name\":\"DOTNET_gcServer\",\"value\":\"0\"}]",
            "--set-json", "envFrom=[{\"secretRef\":{\"name\":\"proxy-secrets\"}}]",
            "--set-json", "extraVolumes=[{\"name\":\"certs\",\"secret\":{\"secretName\":\"proxy-certs\"}}]",
            "--set-json", "extraVolumeMounts=[{\"name\":\"certs\",\"mountPath\":\"/etc/certs\",\"readOnly\":true}]",
            "--set", "podLabels.team=edge");

        var container = manifests.Container;
        var pod = YamlTree.Get(manifests.Deployment, "spec", "template");
        Assert.Equal("0", YamlTree.Text(Assert.Single(YamlTree.Sequence(container, "env")), "value"));
        Assert.Equal("proxy-secrets", YamlTree.Text(Assert.Single(YamlTree.Sequence(container, "envFrom")), "secretRef", "name"));
        Assert.Contains(YamlTree.Sequence(container, "volumeMounts"), m => YamlTree.Text(m, "mountPath") == "/etc/certs");
        Assert.Contains(YamlTree.Sequence(pod, "spec", "volumes"), v => YamlTree.Text(v, "name") == "certs");
        Assert.Equal("edge", YamlTree.Text(pod, "metadata", "labels", "team"));
    }

    [Fact]
    public async Task Template_NetworkPolicy_OffByDefaultOnAdmitsOnlyTheTwoPorts()
    {
        Assert.False((await HelmTool.RenderAsync([])).Has("NetworkPolicy"));

        var manifests = await HelmTool.RenderAsync([],
            "--set", "networkPolicy.enabled=true",
            "--set-json", "networkPolicy.monitoringFrom=[{\"namespaceSelector\":{\"matchLabels\":{\"name\":\"monitoring\"}}}]");

        var policy = manifests.Single("NetworkPolicy");
        var podLabels = YamlTree.Mapping(manifests.Deployment, "spec", "template", "metadata", "labels");
        Assert.True(LabelSelector.Matches(YamlTree.Mapping(policy, "spec", "podSelector", "matchLabels"), podLabels));
        Assert.Equal(["Ingress"], YamlTree.Sequence(policy, "spec", "policyTypes").Select(n => n.ToString()));
        var rules = YamlTree.Sequence(policy, "spec", "ingress");
        Assert.Equal(["proxy", "monitoring"], rules.Select(r => YamlTree.Text(Assert.Single(YamlTree.Sequence(r, "ports")), "port")));
        Assert.Null(YamlTree.Find(rules[0], "from"));
        Assert.Equal("monitoring", YamlTree.Text(Assert.Single(YamlTree.Sequence(rules[1], "from")), "namespaceSelector", "matchLabels", "name"));
        // The named ports exist on the container.
        Assert.Contains("proxy", manifests.ContainerPorts.Keys);
        Assert.Contains("monitoring", manifests.ContainerPorts.Keys);
    }

    [Fact]
    public async Task Template_TestHook_AsksTheMonitoringServiceReadyz()
    {
        var manifests = await HelmTool.RenderAsync([]);

        var pod = manifests.Single("Pod");
        Assert.Equal("test", YamlTree.Text(pod, "metadata", "annotations", "helm.sh/hook"));
        var command = YamlTree.Sequence(Assert.Single(YamlTree.Sequence(pod, "spec", "containers")), "command").Select(n => n.ToString()).ToList();
        var monitoring = manifests.Service("monitoring");
        var port = YamlTree.Int(Assert.Single(YamlTree.Sequence(monitoring, "spec", "ports")), "port");
        Assert.Equal("http://" + YamlTree.Text(monitoring, "metadata", "name") + ".proxy.svc:" + port + "/readyz", command[^1]);
        Assert.Equal("true", YamlTree.Text(pod, "spec", "securityContext", "runAsNonRoot"));
    }

    [Fact]
    public async Task Template_PrometheusRule_HoldsExactlyTheRuleFilesOfPrometheusRules()
    {
        Assert.False((await HelmTool.RenderAsync([])).Has("PrometheusRule"));

        var manifests = await HelmTool.RenderAsync([ChartValueFiles.ServiceMonitor]);

        var rule = manifests.Single("PrometheusRule");
        Assert.Equal("monitoring.coreos.com/v1", YamlTree.Text(rule, "apiVersion"));
        Assert.Equal("kube-prometheus-stack", YamlTree.Text(rule, "metadata", "labels", "release"));
        var expected = new YamlSequenceNode();
        foreach (var file in Directory.GetFiles(RepositoryPaths.Of("prometheus/rules"), "*.yml").Order(StringComparer.Ordinal))
        {
            foreach (var group in YamlTree.Sequence(YamlTree.Load(File.ReadAllText(file)), "groups"))
                expected.Add(group);
        }

        Assert.True(expected.Children.Count >= 6, "expected the groups of every rule file");
        YamlTree.AssertEquivalent(expected, YamlTree.Get(rule, "spec", "groups"));
    }

    [Fact]
    public async Task Template_ServiceMonitor_JobLabelIsTheOneTheAlertsSelect()
    {
        var manifests = await HelmTool.RenderAsync([ChartValueFiles.ServiceMonitor], "--set", "nameOverride=edge", "--set", "fullnameOverride=edge-proxy");

        // The operator names the job after the value of the Service label jobLabel names.
        var jobLabel = YamlTree.Text(manifests.Single("ServiceMonitor"), "spec", "jobLabel");
        var job = YamlTree.Text(manifests.Service("monitoring"), "metadata", "labels", jobLabel);
        Assert.Equal("paralarva", job);
        Assert.Contains("up{job=\"" + job + "\"}", File.ReadAllText(RepositoryPaths.Of("prometheus/rules/alerts.yml")), StringComparison.Ordinal);
    }
}
