using System.Net;
using Akka.Actor;
using Microsoft.Extensions.DependencyInjection;
using Paralarva.Actors.Config;
using Paralarva.Host.Cli;
using Paralarva.Host.Hosting;
using Paralarva.Tests.Common;

namespace Paralarva.Tests.EndToEnd;

/// <summary>
/// The real proxy, started in-process through <see cref="ParalarvaHost.StartAsync"/> exactly as the
/// executable starts it, listening on 127.0.0.1 with a port the kernel picked and its monitoring
/// endpoints on another. Disposal stops it (the actor system and Kestrel).
/// </summary>
/// <remarks>Public so that class fixtures may hold one; everything that names internal types is internal.</remarks>
public sealed class InProcessProxy : IAsyncDisposable
{
    /// <summary>Bound on start-up: the host itself waits up to 30 s for the listener to bind.</summary>
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(45);

    private readonly RunningProxy _running;

    private InProcessProxy(RunningProxy running) => _running = running;

    /// <summary>The options of a test proxy: monitoring on a kernel-picked port, quiet logs, the default 10 s timeout.</summary>
    internal static HostOptions DefaultOptions { get; } = HostOptions.Default with
    {
        PrometheusPort = 0,
        LogLevel = "warn",
        Timeout = TimeSpan.FromSeconds(10),
    };

    public int Port => _running.ProxyEndPoint.Port;

    public int MonitoringPort => _running.MonitoringPort;

    public IPEndPoint EndPoint => _running.ProxyEndPoint;

    /// <summary>The host's actor system.</summary>
    internal ActorSystem ActorSystem => _running.App.Services.GetRequiredService<ActorSystem>();

    internal static async Task<InProcessProxy> StartAsync(ProxyConfig config, HostOptions? options = null)
    {
        using var timeout = new CancellationTokenSource(StartTimeout);
        var running = await ParalarvaHost.StartAsync(options ?? DefaultOptions, config, timeout.Token);
        return new InProcessProxy(running);
    }

    /// <summary>Starts a proxy serving <paramref name="services"/> with default limits and options.</summary>
    internal static Task<InProcessProxy> StartAsync(params ServiceConfig[] services) =>
        StartAsync(TestConfigs.Proxy(services));

    /// <summary>A raw client connected to the proxy.</summary>
    public Task<RawHttpClient> ConnectAsync() => RawHttpClient.ConnectAsync(Port);

    /// <summary>Sends one request on a new connection and reads one response.</summary>
    public async Task<RawResponse> SendOnNewConnectionAsync(string request, string requestMethod = "GET")
    {
        await using var client = await ConnectAsync();
        return await client.SendAndReadAsync(request, requestMethod);
    }

    /// <summary>What SIGTERM (<paramref name="withGracePeriod"/>) or SIGINT does to the executable: drain, then stop.</summary>
    public Task DrainAndStopAsync(bool withGracePeriod) => _running.DrainAndStopAsync(withGracePeriod);

    /// <summary>Completes when the host stopped (after a drain).</summary>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken) => _running.WaitForShutdownAsync(cancellationToken);

    public ValueTask DisposeAsync() => _running.DisposeAsync();
}
