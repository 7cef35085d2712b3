using Akka.Actor;
using Microsoft.Extensions.Logging;
using Paralarva.Actors.Config;
using Paralarva.Actors.Metrics;
using static Paralarva.Actors.Proxy.ProxyMessages;

namespace Paralarva.Host.Reload;

/// <summary>
/// Reads, validates and hands a configuration file to the ProxyActor. The file's content hash
/// decides whether there is anything to do: file-system events come in bursts and often for files
/// whose content did not change (a ConfigMap's timestamped directories, editors' temporary files),
/// so an unchanged hash is no reload at all, unless an operator asked for one with SIGHUP.
/// An invalid file is logged with the same messages as at start-up and the running configuration stays.
/// </summary>
internal sealed class ConfigReloader(string path, string? runningHash, IActorRef proxy, ILogger logger, long maxBytes = ConfigLoader.DefaultMaxFileBytes)
{
    /// <summary>A reload is a diff applied by one actor: it answers in microseconds unless the system is stopping.</summary>
    private static readonly TimeSpan ApplyTimeout = TimeSpan.FromSeconds(30);

    private readonly SemaphoreSlim _oneAtATime = new(1, 1);
    /// <summary>Hash of the content last acted on, valid or not: the same invalid file is reported once.</summary>
    private string? _lastHash = runningHash;
    /// <summary>Hash of the last content rejected as invalid: even a SIGHUP does not report (and count) it again.</summary>
    private string? _lastRejectedHash;

    /// <summary>Raised after every reload that did something (tests wait on it).</summary>
    public event Action<ConfigReloadReport>? Reloaded;

    public string Path => path;

    /// <returns>The outcome, or null when the content had not changed and <paramref name="force"/> was false.</returns>
    public async Task<ConfigReloadReport?> ReloadAsync(bool force, CancellationToken cancellationToken)
    {
        await _oneAtATime.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var report = await LoadAndApplyAsync(force, cancellationToken).ConfigureAwait(false);
            if (report is not null)
                Reloaded?.Invoke(report);
            return report;
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    private async Task<ConfigReloadReport?> LoadAndApplyAsync(bool force, CancellationToken cancellationToken)
    {
        if (!ConfigLoader.TryReadFile(path, maxBytes, out var bytes, out var unreadable))
        {
            // Forgotten, so that the file coming back with the running content is applied (and counted) again.
            _lastHash = null;
            _lastRejectedHash = null;
            return Reject(unreadable, null);
        }

        var hash = ConfigHash.Of(bytes);
        if ((!force && hash == _lastHash) || hash == _lastRejectedHash)
        {
            if (hash == _lastRejectedHash)
                ReloadLog.UnchangedInvalid(logger, path, hash);
            else
                ReloadLog.UnchangedValid(logger, path, hash);
            return null;
        }

        _lastHash = hash;
        var loaded = ConfigLoader.LoadBytes(bytes);
        if (!loaded.IsValid)
        {
            _lastRejectedHash = hash;
            return Reject(loaded, hash);
        }

        _lastRejectedHash = null;

        var applied = await proxy.Ask<ReloadApplied>(new Actors.Proxy.ProxyMessages.Reload(loaded.Config), ApplyTimeout, cancellationToken)
            .ConfigureAwait(false);
        if (applied.Changes.Count == 0)
            ReloadLog.NothingChanged(logger, path, hash);
        foreach (var change in applied.Changes)
            ReloadLog.Changed(logger, path, hash, change);
        return new ConfigReloadReport(applied.Result, hash, applied.Changes);
    }

    private ConfigReloadReport Reject(ConfigLoadResult failed, string? hash)
    {
        ReloadLog.Invalid(logger, path, failed.Errors.Length);
        var details = new List<string>(failed.Errors.Length);
        foreach (var error in failed.Errors)
        {
            ReloadLog.InvalidDetail(logger, path, error.ToString());
            details.Add(error.ToString());
        }

        proxy.Tell(ReloadRejected.Instance);
        return new ConfigReloadReport(ReloadResults.Failure, hash, details);
    }
}
