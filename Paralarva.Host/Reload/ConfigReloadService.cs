using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Threading.Channels;
using Akka.Actor;
using Akka.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Paralarva.Actors.Proxy;

namespace Paralarva.Host.Reload;

/// <summary>
/// Reloads the configuration when its file changes (<see cref="ConfigFileWatcher"/>) and on SIGHUP,
/// the Unix convention nginx, HAProxy and Prometheus follow. Both only post a signal; one loop
/// debounces the signals and runs the reloads one at a time, so a burst of events is one reload.
/// SIGHUP forces a reload even when the content is unchanged (the operator asked for one).
/// </summary>
internal sealed class ConfigReloadService(ConfigReloadOptions options, IRequiredActor<ProxyActor> proxy, ILogger<ConfigReloadService> logger)
    : BackgroundService
{
    /// <summary>true = forced (SIGHUP), false = a file-system event.</summary>
    private readonly Channel<bool> _signals = Channel.CreateUnbounded<bool>(new UnboundedChannelOptions { SingleReader = true });
    private ConfigFileWatcher? _watcher;
    private PosixSignalRegistration? _sighup;

    /// <summary>Raised after every reload that did something (tests wait on it).</summary>
    public event Action<ConfigReloadReport>? Reloaded;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        // Registered before start-up completes (ExecuteAsync may run later, on another thread): a
        // SIGHUP sent once the proxy reports it is listening must reload, not kill, the process.
        try
        {
            _watcher = new ConfigFileWatcher(options.ConfigFile, _ => _signals.Writer.TryWrite(false),
                e => ReloadLog.WatchFailed(logger, options.ConfigFile, e.Message));
            ReloadLog.Watching(logger, options.ConfigFile, _watcher.Directory);
            // A change made between the start-up load and this watch would go unnoticed until the next
            // event: compare the hashes once now (nothing happens when they are equal).
            _signals.Writer.TryWrite(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            // For example the inotify instance limit: the proxy still runs, and SIGHUP still reloads.
            ReloadLog.CannotWatch(logger, options.ConfigFile, e.Message);
        }

        try
        {
            _sighup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, context =>
            {
                context.Cancel = true; // the default action of SIGHUP ends the process
                _signals.Writer.TryWrite(true);
            });
            ReloadLog.SighupReloads(logger, options.ConfigFile);
        }
        catch (PlatformNotSupportedException)
        {
            ReloadLog.SighupUnsupported(logger);
        }

        return base.StartAsync(cancellationToken);
    }

    public override void Dispose()
    {
        _sighup?.Dispose();
        _watcher?.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var reloader = new ConfigReloader(options.ConfigFile, options.RunningHash, await proxy.GetAsync(stoppingToken), logger, options.MaxBytes);
        reloader.Reloaded += report => Reloaded?.Invoke(report);
        try
        {
            while (await _signals.Reader.WaitToReadAsync(stoppingToken))
            {
                var force = await DebounceAsync(stoppingToken);
                try
                {
                    await reloader.ReloadAsync(force, stoppingToken);
                }
                catch (AskTimeoutException)
                {
                    ReloadLog.ApplyTimedOut(logger, options.ConfigFile);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // A failed reload must never stop the host (a faulted BackgroundService would).
                    ReloadLog.ReloadFailed(logger, e, options.ConfigFile);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // stopping
        }
    }

    /// <summary>Waits until no signal came for <see cref="ConfigReloadOptions.Debounce"/>, at most <see cref="ConfigReloadOptions.MaxDebounce"/>; true if any was forced.</summary>
    private async Task<bool> DebounceAsync(CancellationToken stoppingToken)
    {
        var force = false;
        var started = Stopwatch.GetTimestamp();
        while (true)
        {
            while (_signals.Reader.TryRead(out var forced))
                force |= forced;

            var remaining = options.MaxDebounce - Stopwatch.GetElapsedTime(started);
            if (remaining <= TimeSpan.Zero)
                return force;
            using var quiet = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            quiet.CancelAfter(remaining < options.Debounce ? remaining : options.Debounce);
            try
            {
                if (!await _signals.Reader.WaitToReadAsync(quiet.Token))
                    return force;
            }
            catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
            {
                return force; // quiet for the whole debounce delay
            }
        }
    }
}
