using Akka.TestKit.Xunit2;
using Microsoft.Extensions.Logging.Abstractions;
using Paralarva.Actors.Config;
using Paralarva.Actors.Metrics;
using Paralarva.Host.Reload;
using static Paralarva.Actors.Proxy.ProxyMessages;

using Paralarva.Tests.Common;

namespace Paralarva.Tests.Reload;

/// <summary>The host's reload step: read, hash, validate, hand to the ProxyActor (a probe here).</summary>
public sealed class ConfigReloaderTests : TestKit, IDisposable
{
    private const string Valid = """
        proxy:
          listen: { address: "127.0.0.1", port: 8080 }
          services:
            - name: a
              domain: a.test
              hosts:
                - { address: "10.0.0.1", port: 9000 }
        """;

    private readonly TempDirectory _directory = new("paralarva-reloader-");

    private string File => _directory.PathOf("config.yaml");

    private ConfigReloader Start(string yaml, long maxBytes = ConfigLoader.DefaultMaxFileBytes)
    {
        System.IO.File.WriteAllText(File, yaml);
        return new ConfigReloader(File, ConfigHash.Of(System.IO.File.ReadAllBytes(File)), TestActor, NullLogger.Instance, maxBytes);
    }

    [Fact]
    public async Task Reload_UnchangedContent_DoesNothing()
    {
        var reloader = Start(Valid);

        Assert.Null(await reloader.ReloadAsync(force: false, CancellationToken.None));
        ExpectNoMsg(Absence.Window); // nothing sent to the proxy
    }

    [Fact]
    public async Task Reload_Forced_AppliesEvenUnchangedContent()
    {
        var reloader = Start(Valid);

        var reloading = reloader.ReloadAsync(force: true, CancellationToken.None);
        var reload = ExpectMsg<Actors.Proxy.ProxyMessages.Reload>();
        Assert.Equal(ConfigHash.Of(System.IO.File.ReadAllBytes(File)), reload.Config.SourceHash);
        LastSender.Tell(new ReloadApplied(ReloadResults.Success, []), TestActor);

        Assert.Equal(ReloadResults.Success, (await reloading)!.Result);
    }

    [Fact]
    public async Task Reload_InvalidFile_RejectedWithTheStartUpMessagesOnce()
    {
        var reloader = Start(Valid);
        var invalid = Valid.Replace("port: 9000", "port: 0", StringComparison.Ordinal);
        await System.IO.File.WriteAllTextAsync(File, invalid);

        var report = await reloader.ReloadAsync(force: false, CancellationToken.None);

        ExpectMsg<ReloadRejected>();
        Assert.Equal(ReloadResults.Failure, report!.Result);
        var startUp = ConfigLoader.LoadText(invalid);
        Assert.Equal(startUp.Errors.Select(e => e.ToString()), report.Details);
        // The same invalid content again is not a new failure.
        Assert.Null(await reloader.ReloadAsync(force: false, CancellationToken.None));
        ExpectNoMsg(Absence.Window); // nothing sent to the proxy
    }

    [Fact]
    public async Task Reload_FileMissing_RejectedAsAtStartUp()
    {
        var reloader = Start(Valid);
        System.IO.File.Delete(File);

        var report = await reloader.ReloadAsync(force: false, CancellationToken.None);

        ExpectMsg<ReloadRejected>();
        Assert.Equal(["configuration file '" + File + "' not found"], report!.Details);
    }

    [Fact]
    public async Task Reload_ForcedWithTheLastRejectedContent_ReportedOnce()
    {
        var reloader = Start(Valid);
        await System.IO.File.WriteAllTextAsync(File, Valid.Replace("port: 9000", "port: 0", StringComparison.Ordinal));
        Assert.Equal(ReloadResults.Failure, (await reloader.ReloadAsync(force: false, CancellationToken.None))!.Result);
        ExpectMsg<ReloadRejected>();

        // A SIGHUP with the same invalid file: not a second failure, not a second count.
        // No second ReloadRejected: it would be in this mailbox before the Reload expected next (same sender, same order).
        Assert.Null(await reloader.ReloadAsync(force: true, CancellationToken.None));

        // Fixed: applied, and a forced reload of the valid content applies again.
        await System.IO.File.WriteAllTextAsync(File, Valid);
        var reloading = reloader.ReloadAsync(force: true, CancellationToken.None);
        ExpectMsg<Actors.Proxy.ProxyMessages.Reload>();
        LastSender.Tell(new ReloadApplied(ReloadResults.Success, []), TestActor);
        Assert.Equal(ReloadResults.Success, (await reloading)!.Result);
    }

    [Fact]
    public async Task Reload_YamlTheScannerThrowsOn_CountedAsAFailure()
    {
        var reloader = Start(Valid);
        await System.IO.File.WriteAllTextAsync(File, Valid.Replace("domain: a.test", "domain: [a.test", StringComparison.Ordinal));

        var report = await reloader.ReloadAsync(force: false, CancellationToken.None);

        ExpectMsg<ReloadRejected>();
        Assert.Equal(ReloadResults.Failure, report!.Result);
        Assert.Contains("YAML syntax error", Assert.Single(report.Details), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reload_FileOverTheSizeLimit_RejectedUnparsed()
    {
        var reloader = Start(Valid, maxBytes: Valid.Length + 10);
        await System.IO.File.WriteAllTextAsync(File, Valid + new string('#', 20) + "\n");

        var report = await reloader.ReloadAsync(force: false, CancellationToken.None);

        ExpectMsg<ReloadRejected>();
        Assert.Contains("is larger than " + (Valid.Length + 10) + " bytes", Assert.Single(report!.Details), StringComparison.Ordinal);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            _directory.Dispose();

        base.Dispose(disposing);
    }
}
