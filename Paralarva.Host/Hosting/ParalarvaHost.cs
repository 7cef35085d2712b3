using System.Net;
using Akka.Actor;
using Akka.Hosting;
using Akka.Streams;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Paralarva.Actors.Config;
using Paralarva.Actors.Metrics;
using Paralarva.Actors.Proxy;
using Paralarva.Actors.Status;
using Paralarva.Host.Cli;
using Paralarva.Host.Demo;
using Paralarva.Host.Monitoring;
using Paralarva.Host.Reload;
using Prometheus;

namespace Paralarva.Host.Hosting;

/// <summary>
/// Composes the process: a web host (Kestrel serving only the monitoring port) with the actor
/// system added through Akka.Hosting, the proxy's actor tree inside it, and optionally the demo origins.
/// </summary>
internal static class ParalarvaHost
{
    /// <summary>Exit status of an invalid configuration, as documented in the README.</summary>
    public const int InvalidConfigurationExitCode = 2;

    public const int StartFailureExitCode = 1;

    private const string ActorSystemName = "paralarva";

    private static readonly TimeSpan BindTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The command line's action: validate, start, serve until SIGTERM/SIGINT.</summary>
    public static async Task<int> RunAsync(HostOptions options, CancellationToken cancellationToken)
    {
        var loaded = ConfigLoader.LoadFile(options.ConfigFile, options.MaxConfigBytes);
        if (loaded.Config is null)
        {
            await Console.Error.WriteLineAsync("Invalid configuration " + options.ConfigFile + ":");
            foreach (var error in loaded.Errors)
                await Console.Error.WriteLineAsync("  " + error);
            return InvalidConfigurationExitCode;
        }

        if (options.CheckConfig)
        {
            await Console.Out.WriteLineAsync("Configuration " + options.ConfigFile + " is valid.");
            return 0;
        }

        RunningProxy running;
        try
        {
            running = await StartAsync(options, loaded.Config, cancellationToken, watchedConfigFile: options.ConfigFile, ownsProcess: true);
        }
        catch (ProxyStartException e)
        {
            await Console.Error.WriteLineAsync(e.Message);
            return StartFailureExitCode;
        }

        await using (running)
            await running.WaitForShutdownAsync(cancellationToken);
        return 0;
    }

    /// <summary>Starts everything and returns once the proxy accepts connections (tests use this with port 0).</summary>
    /// <param name="watchedConfigFile">The file <paramref name="config"/> was loaded from, reloaded when it changes and on SIGHUP; null for none.</param>
    /// <param name="ownsProcess">
    /// Only the executable asks for what acts on the whole process: SIGTERM/SIGINT drain the proxy, then stop it
    /// (<see cref="SignalLifetime"/>), and the runtime's freed native memory goes back to the system
    /// (<see cref="NativeHeapTrimmer"/>).
    /// </param>
    public static async Task<RunningProxy> StartAsync(
        HostOptions options, ProxyConfig config, CancellationToken cancellationToken, string? watchedConfigFile = null, bool ownsProcess = false)
    {
        IAsyncDisposable? demo = null;
        DefaultMetrics.Configure();
        // The empty builder: Kestrel and nothing the monitoring port does not use (no appsettings.json and its file
        // watcher, no environment configuration, no default logging providers, no routing): 3.5 MiB less resident.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore();
        LogFormats.Configure(builder.Logging, options.LogFormat);
        builder.Logging.SetMinimumLevel(LogLevels.ToMicrosoft(options.LogLevel));
        // Kestrel logs every monitoring request at Information: a scrape a second would drown the proxy's own log.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        MonitoringListen.Configure(builder.WebHost, options);

        var readiness = new ReadinessState();
        builder.Services.AddSingleton(readiness);
        var statusBoard = new StatusBoard();
        builder.Services.AddSingleton(statusBoard);
        builder.Services.AddSingleton(config.Shutdown);
        builder.Services.AddSingleton<GracefulShutdown>();
        if (ownsProcess)
        {
            builder.Services.AddSingleton<IHostLifetime, SignalLifetime>();
            builder.Services.AddHostedService(_ => new NativeHeapTrimmer());
        }

        var proxyOptions = new ProxyOptions(options.Timeout, options.DryRun, options.NextPort, options.ListenAllAddresses);
        builder.Services.AddAkka(ActorSystemName, akka =>
        {
            akka.AddHocon(AkkaTuning.Hocon, HoconAddMode.Prepend);
            akka.AddHocon(DeadLetterLog.AkkaHocon, HoconAddMode.Prepend);
            akka.AddHocon(AkkaLogger.AkkaHocon, HoconAddMode.Prepend);
            akka.AddHocon(LocalOnlySerializer.AkkaHocon, HoconAddMode.Prepend);
            if (ownsProcess)
                akka.AddHocon(SignalLifetime.AkkaHocon, HoconAddMode.Prepend);
            akka.ConfigureLoggers(loggers =>
            {
                loggers.LogLevel = LogLevels.ToAkka(options.LogLevel);
                loggers.ClearLoggers();
                loggers.AddLogger<AkkaLogger>();
            });
            akka.WithActors((system, registry, resolver) =>
            {
                var loggerFactory = resolver.GetService<ILoggerFactory>();
                system.ActorOf(DeadLetterLog.Props(loggerFactory.CreateLogger(DeadLetterLog.Category)), "dead-letters");
                // Akka.Streams runs only the access log: without one, its materializer is not started.
                var materializer = config.AccessLog.Target == AccessLogTarget.Off ? null : system.Materializer();
                var proxy = system.ActorOf(
                    ProxyActor.Props(config, proxyOptions, MetricsActor.Props(Metrics.DefaultRegistry, statusBoard), materializer),
                    "proxy");
                registry.Register<ProxyActor>(proxy);
            });
        });

        builder.Services.AddActorSystemWithoutAppConfig(ActorSystemName);

        if (watchedConfigFile is not null)
            builder.Services.AddConfigReload(new ConfigReloadOptions(watchedConfigFile, config.SourceHash) { MaxBytes = options.MaxConfigBytes });

        var app = builder.Build();
        app.MapMonitoring();
        try
        {
            if (options.Demo)
                demo = await DemoOrigins.StartAsync(DemoMembers(config), app.Logger, cancellationToken);

            await app.StartAsync(cancellationToken);
            readiness.SetConfigurationLoaded(true);
            var proxy = app.Services.GetRequiredService<IRequiredActor<ProxyActor>>().ActorRef;
            var status = await proxy.Ask<ProxyMessages.ListenStatus>(ProxyMessages.GetListenStatus.Instance, BindTimeout, cancellationToken);
            if (status.LocalAddress is not IPEndPoint endPoint)
                throw new ProxyStartException(status.Error ?? "the proxy did not start listening");

            readiness.SetListening(true);
            HostLog.Listening(app.Logger, endPoint.ToString(), MonitoringPort(app));
            return new RunningProxy(app, endPoint, MonitoringPort(app), demo, app.Services.GetRequiredService<GracefulShutdown>());
        }
        catch
        {
            await app.DisposeAsync();
            if (demo is not null)
                await demo.DisposeAsync();
            throw;
        }
    }

    private static IEnumerable<(string Address, int Port)> DemoMembers(ProxyConfig config)
    {
        var seen = new HashSet<(string, int)>();
        foreach (var service in config.Services)
        {
            foreach (var member in service.Hosts)
            {
                if (seen.Add((member.Address, member.Port)))
                    yield return (member.Address, member.Port);
            }
        }
    }

    private static int MonitoringPort(WebApplication app)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>();
        foreach (var address in addresses?.Addresses ?? [])
        {
            if (Uri.TryCreate(address, UriKind.Absolute, out var uri))
                return uri.Port;
        }

        return 0;
    }
}
