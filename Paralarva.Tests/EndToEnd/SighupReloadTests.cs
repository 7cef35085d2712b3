using Paralarva.Actors.Config;
using Paralarva.Actors.Metrics;
using Paralarva.Tests.Common;

namespace Paralarva.Tests.EndToEnd;

/// <summary>
/// Issue 4: the proxy "reloads on SIGHUP too". The signal goes to a real Paralarva.Host child
/// process started from the built dll, never to the test process.
/// </summary>
[Collection(TestCollections.Processes)]
public sealed class SighupReloadTests : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    private readonly TempDirectory _directory = new("paralarva-sighup-");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Sighup_ChildProcess_ReloadsCountsASuccessAndKeepsServing()
    {
        await using var origin = new TestOrigin("a");
        var (host, listenPort, monitoringPort) = await HostProcess.StartServingAsync(
            _directory.Path, listen => ReloadConfigFiles.Yaml(listen, ("hup.test", [origin.Port])), "-l", "info");
        using (host)
        {
            var file = _directory.PathOf("proxy.yaml");
            using var http = new HttpClient { BaseAddress = new Uri("http://127.0.0.1:" + monitoringPort), Timeout = TimeSpan.FromSeconds(10) };
            var before = await http.GetStringAsync("/metrics");
            Assert.Equal(0, ReloadTests.ReloadCount(before, ReloadResults.Success));
            // The info metric names the running file by its hash.
            Assert.Contains("paralarva_config_info{hash=\"" + ConfigHash.Of(await File.ReadAllBytesAsync(file)) + "\"} 1", before, StringComparison.Ordinal);

            Posix.Signal(host.ProcessId, Posix.SigHup);

            // The file did not change: only the signal can have caused this reload.
            await Poll.UntilAsync(
                async () => ReloadTests.ReloadCount(await http.GetStringAsync("/metrics"), ReloadResults.Success) >= 1,
                "a reload counted after SIGHUP", Bound,
                giveUp: () => host.HasExited ? "SIGHUP ended the process:\n" + host.StandardOutput + host.StandardError : null);

            Assert.False(host.HasExited);
            // The console logger writes on its own thread: the line may follow the metric.
            await Poll.UntilAsync(() => host.StandardOutput.Contains("reloaded", StringComparison.Ordinal), "the reload logged", Bound);
            await using var client = await RawHttpClient.ConnectAsync(listenPort);
            Assert.Equal(200, (await client.SendAndReadAsync(RawRequest.Get("hup.test"))).StatusCode);
        }
    }
}
