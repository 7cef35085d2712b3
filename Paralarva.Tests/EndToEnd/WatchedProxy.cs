using Microsoft.Extensions.DependencyInjection;
using Paralarva.Actors.Config;
using Paralarva.Host.Hosting;
using Paralarva.Host.Reload;
using Paralarva.Tests.Common;

namespace Paralarva.Tests.EndToEnd;

/// <summary>
/// The real proxy started in-process from a configuration file it watches, as the executable runs
/// (<see cref="ParalarvaHost.StartAsync"/> with the file), with a way to wait for its next reload.
/// </summary>
internal sealed class WatchedProxy : IAsyncDisposable
{
    public static readonly TimeSpan ReloadTimeout = TimeSpan.FromSeconds(15);

    private readonly RunningProxy _running;
    private readonly ConfigReloadService _reloads;

    private WatchedProxy(RunningProxy running)
    {
        _running = running;
        _reloads = running.App.Services.GetRequiredService<ConfigReloadService>();
    }

    public int Port => _running.ProxyEndPoint.Port;

    public int MonitoringPort => _running.MonitoringPort;

    public static async Task<WatchedProxy> StartAsync(string configFile)
    {
        var loaded = ConfigLoader.LoadFile(configFile);
        Assert.True(loaded.IsValid, string.Join("\n", loaded.Errors));
        using var timeout = new CancellationTokenSource(InProcessProxy.StartTimeout);
        var running = await ParalarvaHost.StartAsync(InProcessProxy.DefaultOptions, loaded.Config, timeout.Token, watchedConfigFile: configFile);
        return new WatchedProxy(running);
    }

    /// <summary>Completes with the next reload that did something (call before changing the file); fails after <see cref="ReloadTimeout"/>.</summary>
    public Task<ConfigReloadReport> NextReload()
    {
        var reported = new TaskCompletionSource<ConfigReloadReport>(TaskCreationOptions.RunContinuationsAsynchronously);
        Action<ConfigReloadReport>? handler = null;
        handler = report =>
        {
            _reloads.Reloaded -= handler;
            reported.TrySetResult(report);
        };
        _reloads.Reloaded += handler;
        return reported.Task.WaitAsync(ReloadTimeout);
    }

    public Task<RawHttpClient> ConnectAsync() => RawHttpClient.ConnectAsync(Port);

    public async Task<RawResponse> SendOnNewConnectionAsync(string request)
    {
        await using var client = await ConnectAsync();
        return await client.SendAndReadAsync(request);
    }

    public ValueTask DisposeAsync() => _running.DisposeAsync();
}
