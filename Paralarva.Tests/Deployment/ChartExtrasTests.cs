namespace Paralarva.Tests.Deployment;

/// <summary>The optional objects, off by default because they need cluster extras: ServiceMonitor, PodDisruptionBudget, HorizontalPodAutoscaler.</summary>
public sealed class ChartExtrasTests
{
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
        var selected = manifests.OfKind("Service").Where(s => LabelSelector.Matches(selector, YamlTree.Mapping(s, "metadata", "labels"))).ToList();
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
        Assert.True(LabelSelector.Matches(YamlTree.Mapping(pdb, "spec", "selector", "matchLabels"), podLabels));

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
}
