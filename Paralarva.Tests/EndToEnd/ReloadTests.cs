using System.Globalization;
using System.Text.RegularExpressions;
using Paralarva.Actors.Config;
using Paralarva.Actors.Metrics;
using Paralarva.Tests.Common;

namespace Paralarva.Tests.EndToEnd;

/// <summary>
/// Issue 4 "Hot configuration reload", over real sockets with real origins: the file the proxy
/// runs from is rewritten (or swapped as Kubernetes swaps a ConfigMap) while clients send requests.
/// </summary>
public sealed class ReloadTests : IDisposable
{
    private readonly TempDirectory _directory = new("paralarva-reload-");
    /// <summary>Port 0 in every file: the proxy binds a free port itself (<see cref="WatchedProxy.Port"/>), and an unchanged 0 is no listen change.</summary>
    private const int ListenPort = 0;

    private string ConfigFile => _directory.PathOf("config.yaml");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Rewrite_MemberAddedUnderLoad_TrafficReachesItAndNoClientSeesAnError()
    {
        await using var first = new TestOrigin("first");
        await using var added = new TestOrigin("added");
        await File.WriteAllTextAsync(ConfigFile, ReloadConfigFiles.Yaml(ListenPort, ("web.test", [first.Port])));
        await using var proxy = await WatchedProxy.StartAsync(ConfigFile);
        await using var load = await KeepAliveLoad.StartAsync(proxy.Port, "web.test", clients: 8);
        await first.WaitForRequestsAsync(50);
        var firstConnections = first.ConnectionsAccepted;

        var reloaded = proxy.NextReload();
        await ReplaceAsync(ReloadConfigFiles.Yaml(ListenPort, ("web.test", [first.Port, added.Port])));
        var report = await reloaded;
        await added.WaitForRequestsAsync(50);
        await load.StopAsync();

        Assert.Equal(ReloadResults.Success, report.Result);
        Assert.Empty(load.Problems);
        // The kept member kept its pooled connections: none was closed by the reload.
        Assert.Equal(0, first.ConnectionsClosed);
        Assert.True(first.ConnectionsAccepted >= firstConnections);
    }

    [Fact]
    public async Task Rewrite_ServiceRemoved_NewRequestsGet400AndTheInFlightOneFinishes()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var kept = new TestOrigin("kept");
        await using var removed = new TestOrigin("removed",
            request => request.Target == "/slow" ? OriginResponse.Ok("slow") with { Gate = release.Task } : OriginResponse.Ok("quick"));
        await File.WriteAllTextAsync(ConfigFile, ReloadConfigFiles.Yaml(ListenPort, ("kept.test", [kept.Port]), ("gone.test", [removed.Port])));
        await using var proxy = await WatchedProxy.StartAsync(ConfigFile);
        await using var keptClient = await proxy.ConnectAsync();
        await using var goneClient = await proxy.ConnectAsync();
        Assert.Equal(200, (await keptClient.SendAndReadAsync(RawRequest.Get("kept.test"))).StatusCode);
        Assert.Equal(200, (await goneClient.SendAndReadAsync(RawRequest.Get("gone.test"))).StatusCode);
        await using var inFlight = await proxy.ConnectAsync();
        await inFlight.SendAsync(RawRequest.Get("gone.test", "/slow"));
        await removed.WaitForRequestsAsync(2);

        var reloaded = proxy.NextReload();
        await ReplaceAsync(ReloadConfigFiles.Yaml(ListenPort, ("kept.test", [kept.Port])));
        var report = await reloaded;

        Assert.Equal(ReloadResults.Success, report.Result);
        // Like an unknown host, on a new connection and on one kept alive from before the reload.
        Assert.Equal(400, (await proxy.SendOnNewConnectionAsync(RawRequest.Get("gone.test"))).StatusCode);
        Assert.Equal(400, (await goneClient.SendAndReadAsync(RawRequest.Get("gone.test"))).StatusCode);
        Assert.Equal(200, (await keptClient.SendAndReadAsync(RawRequest.Get("kept.test"))).StatusCode);
        release.SetResult();
        var slow = await inFlight.ReadResponseAsync();
        Assert.Equal(200, slow.StatusCode);
        Assert.Equal("slow", slow.BodyText);
    }

    [Fact]
    public async Task Rewrite_InvalidFile_ClientsSeeNoChangeAndTheFailureIsCounted()
    {
        await using var origin = new TestOrigin("a");
        await File.WriteAllTextAsync(ConfigFile, ReloadConfigFiles.Yaml(ListenPort, ("a.test", [origin.Port])));
        await using var proxy = await WatchedProxy.StartAsync(ConfigFile);
        using var http = new HttpClient { BaseAddress = new Uri("http://127.0.0.1:" + proxy.MonitoringPort), Timeout = TimeSpan.FromSeconds(10) };
        var failuresBefore = ReloadCount(await http.GetStringAsync("/metrics"), ReloadResults.Failure);
        await using var load = await KeepAliveLoad.StartAsync(proxy.Port, "a.test", clients: 4);
        await origin.WaitForRequestsAsync(20);

        var reloaded = proxy.NextReload();
        await ReplaceAsync(ReloadConfigFiles.Yaml(ListenPort, ("a.test", [origin.Port])).Replace(
            "port: " + origin.Port, "port: 70000", StringComparison.Ordinal));
        var report = await reloaded;
        var okAtReload = load.Ok;
        await WaitUntilAsync(() => load.Ok > okAtReload + 50, "requests after the rejected reload");
        await load.StopAsync();

        Assert.Equal(ReloadResults.Failure, report.Result);
        // The start-up messages: line and path.
        Assert.Contains("line 8: services[0].hosts[0].port: port 70000 is outside 1-65535", report.Details);
        Assert.Empty(load.Problems);
        Assert.Equal(200, (await proxy.SendOnNewConnectionAsync(RawRequest.Get("a.test"))).StatusCode);
        await WaitUntilAsync(async () => ReloadCount(await http.GetStringAsync("/metrics"), ReloadResults.Failure) == failuresBefore + 1,
            "paralarva_config_reloads_total{result=\"failure\"} to count the rejected file");
    }

    [Fact]
    public async Task Rewrite_SameContent_NoReload()
    {
        await using var origin = new TestOrigin("a");
        var yaml = ReloadConfigFiles.Yaml(ListenPort, ("a.test", [origin.Port]));
        await File.WriteAllTextAsync(ConfigFile, yaml);
        await using var proxy = await WatchedProxy.StartAsync(ConfigFile);

        var reloaded = proxy.NextReload();
        await ReplaceAsync(yaml);
        await File.WriteAllTextAsync(_directory.PathOf("unrelated.txt"), "x");
        // A real change afterwards is the next reload reported: the events before it did nothing.
        // Appended in place (a reader may see part of it, always a valid file), as `echo >>` would.
        await File.AppendAllTextAsync(ConfigFile, "# a comment changes the hash\n");

        var report = await reloaded;
        Assert.Equal(ReloadResults.Success, report.Result);
        Assert.Empty(report.Details);
        // The first reload reported is the comment's: had the same-content rewrite reloaded, its report (also a
        // success without differences) would carry the first content's hash.
        Assert.Equal(ConfigHash.Of(await File.ReadAllBytesAsync(ConfigFile)), report.Hash);
        Assert.NotEqual(ConfigHash.Of(System.Text.Encoding.UTF8.GetBytes(yaml)), report.Hash);
    }

    [Fact]
    public async Task SymlinkSwap_LikeAKubernetesConfigMap_Reloads()
    {
        // The kubelet's layout: config.yaml -> ..data/config.yaml, ..data -> ..<timestamp>; an update
        // writes a new timestamped directory, points ..data_tmp at it and renames ..data_tmp over ..data.
        await using var before = new TestOrigin("before");
        await using var after = new TestOrigin("after");
        var mount = _directory.PathOf("mount");
        Directory.CreateDirectory(Path.Combine(mount, "..2026_11_28_01_00_00.1"));
        await File.WriteAllTextAsync(Path.Combine(mount, "..2026_11_28_01_00_00.1", "config.yaml"),
            ReloadConfigFiles.Yaml(ListenPort, ("cm.test", [before.Port])));
        File.CreateSymbolicLink(Path.Combine(mount, "..data"), "..2026_11_28_01_00_00.1");
        var configFile = Path.Combine(mount, "config.yaml");
        File.CreateSymbolicLink(configFile, Path.Combine("..data", "config.yaml"));
        await using var proxy = await WatchedProxy.StartAsync(configFile);
        Assert.Equal(before.DefaultBody, (await proxy.SendOnNewConnectionAsync(RawRequest.Get("cm.test"))).BodyText);

        var reloaded = proxy.NextReload();
        Directory.CreateDirectory(Path.Combine(mount, "..2026_11_28_01_05_00.2"));
        await File.WriteAllTextAsync(Path.Combine(mount, "..2026_11_28_01_05_00.2", "config.yaml"),
            ReloadConfigFiles.Yaml(ListenPort, ("cm.test", [after.Port])));
        File.CreateSymbolicLink(Path.Combine(mount, "..data_tmp"), "..2026_11_28_01_05_00.2");
        Posix.Rename(Path.Combine(mount, "..data_tmp"), Path.Combine(mount, "..data"));
        Directory.Delete(Path.Combine(mount, "..2026_11_28_01_00_00.1"), recursive: true);
        var report = await reloaded;

        Assert.Equal(ReloadResults.Success, report.Result);
        Assert.Equal(after.DefaultBody, (await proxy.SendOnNewConnectionAsync(RawRequest.Get("cm.test"))).BodyText);
    }

    [Fact]
    public async Task Rewrite_LimitsLowered_AppliesToNewConnectionsAndKeepsOpenOnes()
    {
        await using var origin = new TestOrigin("a");
        var yaml = ReloadConfigFiles.Yaml(ListenPort, ("a.test", [origin.Port]));
        await File.WriteAllTextAsync(ConfigFile, yaml);
        await using var proxy = await WatchedProxy.StartAsync(ConfigFile);
        await using var open = await proxy.ConnectAsync();
        Assert.Equal(200, (await open.SendAndReadAsync(RawRequest.Get("a.test"))).StatusCode);

        var reloaded = proxy.NextReload();
        await ReplaceAsync(yaml.Replace("  services:", "  limits: { max_client_connections: 1 }\n  services:", StringComparison.Ordinal));
        Assert.Equal(["limits changed (connections accepted from now on)"], (await reloaded).Details);

        // One connection is open: a new one is over the new limit and aborted at once.
        RawHttpClient? excess = null;
        try
        {
            excess = await proxy.ConnectAsync();
        }
        catch (System.Net.Sockets.SocketException e) when (e.SocketErrorCode == System.Net.Sockets.SocketError.ConnectionReset)
        {
        }

        if (excess is not null)
        {
            await using (excess)
                Assert.True(await excess.IsClosedByPeerAsync(RawHttpClient.DefaultTimeout), "the connection over the new limit stayed open");
        }

        Assert.Equal(200, (await open.SendAndReadAsync(RawRequest.Get("a.test"))).StatusCode);
    }

    /// <summary>
    /// Replaces the file as most tools that write configuration do, by renaming a complete file over
    /// it: a reload never reads it half-written (an in-place rewrite could be read truncated, which
    /// the debounce makes unlikely but not impossible, and would make counts in these tests flaky).
    /// </summary>
    private async Task ReplaceAsync(string yaml)
    {
        var temporary = ConfigFile + ".tmp";
        await File.WriteAllTextAsync(temporary, yaml);
        File.Move(temporary, ConfigFile, overwrite: true);
    }

    internal static double ReloadCount(string metrics, string result) =>
        MetricsReader.Value(metrics, "paralarva_config_reloads_total{result=\"" + result + "\"}") ?? 0;

    /// <summary>Polls <paramref name="condition"/> every 20 ms for at most 15 s.</summary>
    private static Task WaitUntilAsync(Func<bool> condition, string what) =>
        Poll.UntilAsync(condition, what, TimeSpan.FromSeconds(15), TimeSpan.FromMilliseconds(20));

    private static Task WaitUntilAsync(Func<Task<bool>> condition, string what) =>
        Poll.UntilAsync(condition, what, TimeSpan.FromSeconds(15), TimeSpan.FromMilliseconds(20));
}
