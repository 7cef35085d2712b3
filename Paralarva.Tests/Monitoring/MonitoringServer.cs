using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Paralarva.Host.Monitoring;

namespace Paralarva.Tests.Monitoring;

/// <summary>A Kestrel app on a free loopback port serving only <see cref="MonitoringEndpoints"/>, and a client for it.</summary>
internal sealed class MonitoringServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private MonitoringServer(WebApplication app, ReadinessState readiness, Uri address)
    {
        _app = app;
        Readiness = readiness;
        Client = new HttpClient { BaseAddress = address };
    }

    public ReadinessState Readiness { get; }

    public HttpClient Client { get; }

    public static async Task<MonitoringServer> StartAsync(Action<IServiceCollection>? configureServices = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var readiness = new ReadinessState();
        builder.Services.AddSingleton(readiness);
        configureServices?.Invoke(builder.Services);

        var app = builder.Build();
        app.MapMonitoring();
        await app.StartAsync();
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>();
        var address = Assert.Single(addresses!.Addresses);
        return new MonitoringServer(app, readiness, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
