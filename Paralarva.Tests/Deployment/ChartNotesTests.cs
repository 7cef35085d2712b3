namespace Paralarva.Tests.Deployment;

/// <summary>NOTES.txt, printed by helm after an install, tells how to reach the proxy and the metrics.</summary>
public sealed class ChartNotesTests
{
    [Fact]
    public async Task Notes_ScriptBaseValues_TellHowToReachTheProxyAndTheMetricsOnTheNodePorts()
    {
        var notes = await NotesAsync([ChartValueFiles.ScriptBaseValues]);

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
}
