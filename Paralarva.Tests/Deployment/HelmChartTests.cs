using YamlDotNet.RepresentationModel;

namespace Paralarva.Tests.Deployment;

/// <summary>The chart linted and rendered by the real helm: the objects, labels and settings every release gets.</summary>
public sealed class HelmChartTests
{
    /// <summary>SIGTERM to exit with the default <c>proxy.shutdown</c>: grace period plus drain timeout.</summary>
    private static readonly int ShutdownSeconds =
        (int)(Paralarva.Actors.Config.ShutdownConfig.Default.GracePeriod + Paralarva.Actors.Config.ShutdownConfig.Default.DrainTimeout).TotalSeconds;

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
        // The Pod is the `helm test` hook, which helm creates only when the release is tested.
        Assert.Equal(["ConfigMap", "Deployment", "Pod", "Service", "Service", "ServiceAccount"], kinds);
        Assert.Equal("test", YamlTree.Text(manifests.Single("Pod"), "metadata", "annotations", "helm.sh/hook"));
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
        Assert.True(YamlTree.Int(manifests.Deployment, "spec", "template", "spec", "terminationGracePeriodSeconds") > ShutdownSeconds);
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
    public async Task Template_Defaults_ClusterIpServicesWithoutNodePorts()
    {
        // Fixed node ports would collide between two releases and open /metrics on every node.
        var manifests = await HelmTool.RenderAsync([]);

        foreach (var component in new[] { "proxy", "monitoring" })
        {
            var service = manifests.Service(component);
            Assert.Equal("ClusterIP", YamlTree.Text(service, "spec", "type"));
            Assert.Null(YamlTree.Find(Assert.Single(YamlTree.Sequence(service, "spec", "ports")), "nodePort"));
        }
    }

    [Fact]
    public async Task Template_ScriptBaseValues_NodePorts30303And30300AsTheOriginal()
    {
        var manifests = await HelmTool.RenderAsync([ChartValueFiles.ScriptBaseValues]);

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
    public async Task Template_ServiceAccountNotCreated_PodUsesTheNamedOne()
    {
        var manifests = await HelmTool.RenderAsync([], "--set", "serviceAccount.create=false", "--set", "serviceAccount.name=shared");

        Assert.False(manifests.Has("ServiceAccount"));
        Assert.Equal("shared", YamlTree.Text(manifests.Deployment, "spec", "template", "spec", "serviceAccountName"));
    }

    private static string Checksum(RenderedManifests manifests) =>
        YamlTree.Text(manifests.Deployment, "spec", "template", "metadata", "annotations", "checksum/config");
}
