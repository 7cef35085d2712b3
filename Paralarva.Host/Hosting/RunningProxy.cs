using System.Net;
using Microsoft.AspNetCore.Builder;

namespace Paralarva.Host.Hosting;

/// <summary>A started proxy: where it listens, where its monitoring endpoints are, and how to stop it.</summary>
internal sealed class RunningProxy(WebApplication app, IPEndPoint proxyEndPoint, int monitoringPort, IAsyncDisposable? demo, GracefulShutdown shutdown)
    : IAsyncDisposable
{
    public IPEndPoint ProxyEndPoint { get; } = proxyEndPoint;

    public int MonitoringPort { get; } = monitoringPort;

    public WebApplication App { get; } = app;

    public Task WaitForShutdownAsync(CancellationToken cancellationToken) => App.WaitForShutdownAsync(cancellationToken);

    /// <summary>What SIGTERM (<paramref name="withGracePeriod"/>) or SIGINT does: drain, then stop the host.</summary>
    public Task DrainAndStopAsync(bool withGracePeriod) => shutdown.DrainAndStopAsync(withGracePeriod);

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        if (demo is not null)
            await demo.DisposeAsync();
    }
}
