using YamlDotNet.RepresentationModel;

namespace Paralarva.Tests.Deployment;

/// <summary>The chart linted and rendered by the real helm: the objects, labels and settings every release gets.</summary>
public sealed class HelmChartTests
{
    /// <summary>The proxy's drain timeout on SIGTERM (Program.cs's process termination timeout); the grace period must exceed it.</summary>
    private const int DrainTimeoutSeconds = 30;

    private static readonly string[] StandardLabels =
    [
        "app.kubernetes.io/name", "app.kubernetes.io/instance", "app.kubernetes.io/version",
        "app.kubernetes.io/managed-by", "app.kubernetes.io/part-of", "helm.sh/chart",
    ];

    public static TheoryData<string> ValueFiles => ChartValueFiles.Each();

    [Theory]
    [MemberData(nameof(ValueFiles))]
    public async Task Lint_Strict_PassesWithEachValueFile(string valueFile)
    {
        var result = await HelmTool.LintAsync(ChartValueFiles.Files(valueFile));

        Assert.True(result.Succeeded, result.ToString());
        Assert.Contains("0 chart(s) failed", result.StandardOutput);
    }

    [Theory]
    [MemberData(nameof(ValueFiles))]
    public async Task Template_EachValueFile_EveryObjectCarriesTheStandardLabels(string valueFile)
    {
        var manifests = await HelmTool.RenderAsync(ChartValueFiles.Files(valueFile));

        Assert.NotEmpty(manifests.Objects);
        foreach (var manifest in manifests.Objects)
        {
            var labels = YamlTree.Mapping(manifest, "metadata", "labels");
            foreach (var label in StandardLabels)
                Assert.True(YamlTree.Find(labels, label) is not null, YamlTree.Text(manifest, "kind") + " lacks label " + label);
            Assert.Equal("Helm", YamlTree.Text(labels, "app.kubernetes.io/managed-by"));
        }

        // The pods carry the selector's labels, or the Deployment would select nothing.
        var podLabels = YamlTree.Mapping(manifests.Deployment, "spec", "template", "metadata", "labels");
        foreach (var (key, value) in YamlTree.Mapping(manifests.Deployment, "spec", "selector", "matchLabels").Children)
            Assert.Equal(((YamlScalarNode)value).Value, YamlTree.Text(podLabels, ((YamlScalarNode)key).Value!));
    }

    [Fact]
    public async Task Template_Defaults_CoreObjectsOnlyAndNoClusterExtras()
    {
        var manifests = await HelmTool.RenderAsync([]);

        var kinds = manifests.Objects.Select(o => YamlTree.Text(o, "kind")).Order(StringComparer.Ordinal);
        Assert.Equal(["ConfigMap", "Deployment", "Service", "Service", "ServiceAccount"], kinds);
        Assert.Equal("1.0.0", YamlTree.Text(manifests.Deployment, "metadata", "labels", "app.kubernetes.io/version"));
        Assert.EndsWith(":" + File.ReadAllText(RepositoryPaths.Of("VERSION")).Trim(), YamlTree.Text(manifests.Container, "image"));
    }

    [Fact]
    public async Task Template_Defaults_PodIsNonRootReadOnlyWithoutPrivilegesOrCapabilities()
    {
        var manifests = await HelmTool.RenderAsync([]);
        var pod = YamlTree.Get(manifests.Deployment, "spec", "template", "spec");
        var container = manifests.Container;

        Assert.Equal("true", YamlTree.Text(pod, "securityContext", "runAsNonRoot"));
        Assert.NotEqual(0, YamlTree.Int(pod, "securityContext", "runAsUser"));
        Assert.Equal("RuntimeDefault", YamlTree.Text(pod, "securityContext", "seccompProfile", "type"));
        Assert.Equal("true", YamlTree.Text(container, "securityContext", "runAsNonRoot"));
        Assert.Equal("true", YamlTree.Text(container, "securityContext", "readOnlyRootFilesystem"));
        Assert.Equal("false", YamlTree.Text(container, "securityContext", "allowPrivilegeEscalation"));
        Assert.Equal(["ALL"], YamlTree.Sequence(container, "securityContext", "capabilities", "drop").Select(n => n.ToString()));
        Assert.Equal("false", YamlTree.Text(pod, "automountServiceAccountToken"));
        // The root filesystem is read-only: /tmp is the one writable place.
        Assert.Contains(YamlTree.Sequence(container, "volumeMounts"), m => YamlTree.Text(m, "mountPath") == "/tmp");
    }

    [Fact]
    public async Task Template_Defaults_ResourcesAndAGracePeriodAboveTheDrainTimeout()
    {
        var manifests = await HelmTool.RenderAsync([]);

        Assert.NotNull(YamlTree.Find(manifests.Container, "resources", "requests", "cpu"));
        Assert.NotNull(YamlTree.Find(manifests.Container, "resources", "requests", "memory"));
        Assert.NotNull(YamlTree.Find(manifests.Container, "resources", "limits", "memory"));
        Assert.True(YamlTree.Int(manifests.Deployment, "spec", "template", "spec", "terminationGracePeriodSeconds") > DrainTimeoutSeconds);
        Assert.Equal("0", YamlTree.Text(manifests.Deployment, "spec", "strategy", "rollingUpdate", "maxUnavailable"));
    }

    [Theory]
    [InlineData(ChartValueFiles.Defaults)]
    [InlineData(ChartValueFiles.HotReloadOff)]
    public async Task Template_HotReloadOff_ChecksumAnnotationFollowsTheConfiguration(string valueFile)
    {
        var files = ChartValueFiles.Files(valueFile);
        var before = await HelmTool.RenderAsync(files);
        var changed = await HelmTool.RenderAsync(files, "--set", "config.proxy.listen.port=8181");
        var unrelated = await HelmTool.RenderAsync(files, "--set", "flags.logLevel=debug");

        var checksum = Checksum(before);
        Assert.Matches("^[0-9a-f]{64}$", checksum);
        Assert.NotEqual(checksum, Checksum(changed));
        Assert.Equal(checksum, Checksum(unrelated));
    }

    [Fact]
    public async Task Template_HotReloadOn_NoChecksumAnnotationSoNoRoll()
    {
        var manifests = await HelmTool.RenderAsync([ChartValueFiles.HotReloadOn]);

        Assert.Null(YamlTree.Find(manifests.Deployment, "spec", "template", "metadata", "annotations", "checksum/config"));
        // The ConfigMap is still mounted as a directory (no subPath), so the kubelet can update the file in place.
        var mount = Assert.Single(YamlTree.Sequence(manifests.Container, "volumeMounts"), m => YamlTree.Text(m, "name") == "config");
        Assert.Null(YamlTree.Find(mount, "subPath"));
    }

    [Fact]
    public async Task Template_HotReloadOffWithPodAnnotations_KeepsBoth()
    {
        var manifests = await HelmTool.RenderAsync([ChartValueFiles.HotReloadOff]);

        var annotations = YamlTree.Mapping(manifests.Deployment, "spec", "template", "metadata", "annotations");
        Assert.NotNull(YamlTree.Find(annotations, "checksum/config"));
        Assert.Equal("edge", YamlTree.Text(annotations, "example.com/team"));
    }

    [Fact]
    public async Task Template_Defaults_NodePorts30303And30300AsTheOriginal()
    {
        var manifests = await HelmTool.RenderAsync([]);

        Assert.Equal("NodePort", YamlTree.Text(manifests.Service("proxy"), "spec", "type"));
        Assert.Equal(30303, YamlTree.Int(Assert.Single(YamlTree.Sequence(manifests.Service("proxy"), "spec", "ports")), "nodePort"));
        Assert.Equal("NodePort", YamlTree.Text(manifests.Service("monitoring"), "spec", "type"));
        Assert.Equal(30300, YamlTree.Int(Assert.Single(YamlTree.Sequence(manifests.Service("monitoring"), "spec", "ports")), "nodePort"));
    }

    [Fact]
    public async Task Template_NodePortOff_ClusterIpServicesWithoutNodePorts()
    {
        var manifests = await HelmTool.RenderAsync([ChartValueFiles.NodePortOff]);

        foreach (var component in new[] { "proxy", "monitoring" })
        {
            var service = manifests.Service(component);
            Assert.Equal("ClusterIP", YamlTree.Text(service, "spec", "type"));
            Assert.Null(YamlTree.Find(Assert.Single(YamlTree.Sequence(service, "spec", "ports")), "nodePort"));
        }
    }

    [Fact]
    public async Task Template_ServiceMonitorOn_ScrapesMetricsOnTheMonitoringService()
    {
        var manifests = await HelmTool.RenderAsync([ChartValueFiles.ServiceMonitor]);

        var monitor = manifests.Single("ServiceMonitor");
        Assert.Equal("monitoring.coreos.com/v1", YamlTree.Text(monitor, "apiVersion"));
        Assert.Equal("kube-prometheus-stack", YamlTree.Text(monitor, "metadata", "labels", "release"));
        Assert.Equal("proxy", YamlTree.Text(monitor, "metadata", "namespace"));
        Assert.Equal(["proxy"], YamlTree.Sequence(monitor, "spec", "namespaceSelector", "matchNames").Select(n => n.ToString()));

        // Its selector picks exactly the monitoring Service, and its port name is that Service's port.
        var selector = YamlTree.Mapping(monitor, "spec", "selector", "matchLabels");
        var selected = manifests.OfKind("Service").Where(s => Selects(selector, YamlTree.Mapping(s, "metadata", "labels"))).ToList();
        var monitoringService = Assert.Single(selected);
        Assert.Same(manifests.Service("monitoring"), monitoringService);
        var endpoint = Assert.Single(YamlTree.Sequence(monitor, "spec", "endpoints"));
        Assert.Equal(
            YamlTree.Text(Assert.Single(YamlTree.Sequence(monitoringService, "spec", "ports")), "name"),
            YamlTree.Text(endpoint, "port"));
        Assert.Equal("/metrics", YamlTree.Text(endpoint, "path"));
        Assert.Equal("15s", YamlTree.Text(endpoint, "interval"));
    }

    [Fact]
    public async Task Template_PdbAndHpaOn_BothTargetTheDeploymentWhichLeavesReplicasToTheHpa()
    {
        var manifests = await HelmTool.RenderAsync([ChartValueFiles.PdbAndHpa]);
        var deployment = manifests.Deployment;
        var podLabels = YamlTree.Mapping(deployment, "spec", "template", "metadata", "labels");

        var pdb = manifests.Single("PodDisruptionBudget");
        Assert.Equal("policy/v1", YamlTree.Text(pdb, "apiVersion"));
        Assert.Equal(1, YamlTree.Int(pdb, "spec", "minAvailable"));
        Assert.True(Selects(YamlTree.Mapping(pdb, "spec", "selector", "matchLabels"), podLabels));

        var hpa = manifests.Single("HorizontalPodAutoscaler");
        Assert.Equal("autoscaling/v2", YamlTree.Text(hpa, "apiVersion"));
        Assert.Equal("Deployment", YamlTree.Text(hpa, "spec", "scaleTargetRef", "kind"));
        Assert.Equal(YamlTree.Text(deployment, "metadata", "name"), YamlTree.Text(hpa, "spec", "scaleTargetRef", "name"));
        Assert.Equal(2, YamlTree.Int(hpa, "spec", "minReplicas"));
        Assert.Equal(6, YamlTree.Int(hpa, "spec", "maxReplicas"));
        Assert.Equal(
            ["cpu", "memory"],
            YamlTree.Sequence(hpa, "spec", "metrics").Select(m => YamlTree.Text(m, "resource", "name")));
        Assert.Null(YamlTree.Find(deployment, "spec", "replicas"));
    }

    [Fact]
    public async Task Template_PdbMaxUnavailable_WinsOverMinAvailable()
    {
        var manifests = await HelmTool.RenderAsync([ChartValueFiles.PdbAndHpa], "--set", "podDisruptionBudget.maxUnavailable=25%");

        var pdb = manifests.Single("PodDisruptionBudget");
        Assert.Equal("25%", YamlTree.Text(pdb, "spec", "maxUnavailable"));
        Assert.Null(YamlTree.Find(pdb, "spec", "minAvailable"));
    }

    [Fact]
    public async Task Template_ServiceAccountNotCreated_PodUsesTheNamedOne()
    {
        var manifests = await HelmTool.RenderAsync([], "--set", "serviceAccount.create=false", "--set", "serviceAccount.name=shared");

        Assert.False(manifests.Has("ServiceAccount"));
        Assert.Equal("shared", YamlTree.Text(manifests.Deployment, "spec", "template", "spec", "serviceAccountName"));
    }

    [Fact]
    public async Task Notes_Defaults_TellHowToReachTheProxyAndTheMetricsOnTheNodePorts()
    {
        var notes = await NotesAsync([]);

        Assert.Contains("demo.localhost -> demo (2 members)", notes);
        Assert.Contains("minikube ip", notes);
        Assert.Contains("curl -H 'Host: demo.localhost' http://$NODE_IP:$NODE_PORT/", notes);
        Assert.Contains("curl http://$NODE_IP:$MONITORING_PORT/metrics", notes);
        Assert.Contains("checksum/config", notes);
    }

    [Fact]
    public async Task Notes_ClusterIpAndHotReload_PortForwardAndNoRoll()
    {
        var notes = await NotesAsync([ChartValueFiles.NodePortOff, ChartValueFiles.HotReloadOn]);

        Assert.Contains("port-forward service/paralarva 8080:8080", notes);
        Assert.Contains("port-forward service/paralarva-monitoring 8000:8000", notes);
        Assert.Contains("hotReload.enabled is true", notes);
        Assert.DoesNotContain("NODE_IP", notes);
    }

    /// <summary>NOTES.txt as helm prints it after an install (a client-side dry run: no cluster needed).</summary>
    private static async Task<string> NotesAsync(string[] valueFiles)
    {
        List<string> arguments = ["install", "paralarva", RepositoryPaths.Chart, "--dry-run=client", "--namespace", "proxy"];
        foreach (var file in valueFiles)
            arguments.AddRange(["--values", RepositoryPaths.Of(file)]);
        var output = (await ToolProcess.RunAsync(HelmTool.Path, arguments)).EnsureSuccess().StandardOutput;
        var notes = output.IndexOf("NOTES:", StringComparison.Ordinal);
        Assert.True(notes >= 0, "no NOTES in\n" + output);
        return output[notes..];
    }

    private static string Checksum(RenderedManifests manifests) =>
        YamlTree.Text(manifests.Deployment, "spec", "template", "metadata", "annotations", "checksum/config");

    private static bool Selects(YamlMappingNode selector, YamlMappingNode labels) =>
        selector.Children.All(pair =>
            YamlTree.Find(labels, ((YamlScalarNode)pair.Key).Value!) is YamlScalarNode value
            && value.Value == ((YamlScalarNode)pair.Value).Value);
}
