using System.Diagnostics;
using Paralarva.Actors.Config;
using Paralarva.Actors.Metrics;
using Paralarva.Host.Reload;
using Paralarva.Tests.Common;

namespace Paralarva.Tests.EndToEnd;

/// <summary>
/// The debounce of file reloads, through the real process. Its outcome depends on the host seeing the saves' timing as
/// the test makes it, so it runs alone (<see cref="TestCollections.Alone"/>).
/// </summary>
[Collection(TestCollections.Alone)]
public sealed class ReloadDebounceProcessTests : IDisposable
{
    private readonly TempDirectory _directory = new("paralarva-debounce-");

    [Fact]
    public async Task ConfigRewrittenInQuickSuccession_ReloadsOnceWithTheLastContent()
    {
        await using var origin = new TestOrigin("a");
        string Version(int listen, int v) => ExecutableFlagsTests.Config(listen, origin.Port).Replace("svc.example", "v" + v + ".example", StringComparison.Ordinal);
        var file = _directory.PathOf("proxy.yaml");
        var (host, proxyPort, monitoringPort) = await StartAsync(listen => Version(listen, 0), "-l", "info");
        using (host)
        {
            // Ten saves 20 ms apart: each well inside the watcher's debounce of the one before, so one reload in all.
            // Without a debounce each save would be a reload of its own content.
            // A stall of this loop between two saves, or of the host's watcher after one, shows the host a quiet debounce
            // between them; each such gap may add a reload (which the assertion allows), while without a debounce there
            // would be one reload per save. The host's stall is not visible from here: the class runs alone, and a gap
            // counts from half the debounce (CI once saw two reloads with no gap of the whole debounce here, while
            // other test collections loaded the machine).
            const int saves = 10;
            var debounce = new ConfigReloadOptions(file, null).Debounce;
            var gapsThatMaySplit = 0;
            var longestGap = TimeSpan.Zero;
            var lastSave = Stopwatch.GetTimestamp();
            for (var v = 1; v <= saves; v++)
            {
                await File.WriteAllTextAsync(file, Version(0, v));
                var gap = Stopwatch.GetElapsedTime(lastSave);
                if (v > 1 && gap >= debounce / 2)
                    gapsThatMaySplit++;
                if (v > 1 && gap > longestGap)
                    longestGap = gap;
                lastSave = Stopwatch.GetTimestamp();
                await Task.Delay(TimeSpan.FromMilliseconds(20));
            }

            var finalHash = ConfigHash.Of(await File.ReadAllBytesAsync(file));
            var info = "paralarva_config_info{hash=\"" + finalHash + "\"} 1";
            await Poll.UntilAsync(async () => MetricsReader.HasLine(await MetricsReader.ScrapeAsync(monitoringPort), info),
                "the last content to be running", TimeSpan.FromSeconds(20), giveUp: () => host.HasExited ? "exited" : null);

            // Absence is the point: no second reload in ten debounce periods after the one that applied the last save.
            var settled = TimeSpan.FromSeconds(2);
            await Task.Delay(settled);
            var metrics = await MetricsReader.ScrapeAsync(monitoringPort);
            var reloads = ReloadTests.ReloadCount(metrics, ReloadResults.Success);
            Assert.True(
                reloads >= 1 && reloads <= 1 + gapsThatMaySplit,
                "expected one reload for " + saves + " saves (" + gapsThatMaySplit + " gaps between saves over half the debounce, the longest "
                + longestGap.TotalMilliseconds + " ms):\n"
                + MetricsReader.Matching(metrics, "paralarva_config_reloads_total"));
            Assert.True(MetricsReader.HasLine(metrics, info), "the running configuration changed again:\n" + MetricsReader.Matching(metrics, "config_info"));

            await using var client = await RawHttpClient.ConnectAsync(proxyPort);
            Assert.Equal(200, (await client.SendAndReadAsync(RawRequest.Get("v" + saves + ".example", "/last"))).StatusCode);
            Assert.Equal(400, (await client.SendAndReadAsync(RawRequest.Get("v5.example", "/middle"))).StatusCode); // no route any more
        }
    }

    public void Dispose() => _directory.Dispose();

    private Task<(HostProcess Host, int ProxyPort, int MonitoringPort)> StartAsync(Func<int, string> config, params string[] arguments) =>
        HostProcess.StartServingAsync(_directory.Path, config, arguments);
}
