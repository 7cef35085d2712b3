using Microsoft.Extensions.Logging;

namespace Paralarva.Host.Reload;

/// <summary>The reload's log entries, source-generated: no formatting and no allocation when the level is off.</summary>
internal static partial class ReloadLog
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Debug, Message = "Configuration {ConfigFile} unchanged ({ConfigHash})")]
    public static partial void UnchangedValid(ILogger logger, string configFile, string configHash);

    [LoggerMessage(EventId = 101, Level = LogLevel.Warning,
        Message = "Configuration {ConfigFile} unchanged ({ConfigHash}) and still invalid, as reported before; keeping the running configuration")]
    public static partial void UnchangedInvalid(ILogger logger, string configFile, string configHash);

    [LoggerMessage(EventId = 102, Level = LogLevel.Information, Message = "Configuration {ConfigFile} reloaded ({ConfigHash}): nothing changed")]
    public static partial void NothingChanged(ILogger logger, string configFile, string configHash);

    [LoggerMessage(EventId = 103, Level = LogLevel.Information, Message = "Configuration {ConfigFile} reloaded ({ConfigHash}): {ConfigChange}")]
    public static partial void Changed(ILogger logger, string configFile, string configHash, string configChange);

    [LoggerMessage(EventId = 104, Level = LogLevel.Error, Message = "Invalid configuration {ConfigFile} ({ErrorCount} problems); keeping the running configuration")]
    public static partial void Invalid(ILogger logger, string configFile, int errorCount);

    [LoggerMessage(EventId = 105, Level = LogLevel.Error, Message = "Invalid configuration {ConfigFile}: {ConfigError}")]
    public static partial void InvalidDetail(ILogger logger, string configFile, string configError);

    [LoggerMessage(EventId = 106, Level = LogLevel.Warning, Message = "Watching {ConfigFile} failed ({Reason}); reloading it to be safe")]
    public static partial void WatchFailed(ILogger logger, string configFile, string reason);

    [LoggerMessage(EventId = 107, Level = LogLevel.Information, Message = "Watching {ConfigFile} for changes (directory {ConfigDirectory})")]
    public static partial void Watching(ILogger logger, string configFile, string configDirectory);

    [LoggerMessage(EventId = 108, Level = LogLevel.Warning, Message = "Cannot watch {ConfigFile} ({Reason}); only SIGHUP reloads it")]
    public static partial void CannotWatch(ILogger logger, string configFile, string reason);

    [LoggerMessage(EventId = 109, Level = LogLevel.Information, Message = "SIGHUP reloads {ConfigFile}")]
    public static partial void SighupReloads(ILogger logger, string configFile);

    [LoggerMessage(EventId = 110, Level = LogLevel.Information, Message = "SIGHUP is not supported here; only file changes reload the configuration")]
    public static partial void SighupUnsupported(ILogger logger);

    [LoggerMessage(EventId = 111, Level = LogLevel.Error, Message = "Configuration {ConfigFile}: the proxy did not apply the reload in time")]
    public static partial void ApplyTimedOut(ILogger logger, string configFile);

    [LoggerMessage(EventId = 112, Level = LogLevel.Error, Message = "Reloading {ConfigFile} failed; the running configuration stays")]
    public static partial void ReloadFailed(ILogger logger, Exception exception, string configFile);
}
