using Microsoft.Extensions.Logging;

namespace Paralarva.Host.Hosting;

/// <summary>Maps the original's <c>--log-level</c> names to .NET and Akka levels.</summary>
internal static class LogLevels
{
    public static LogLevel ToMicrosoft(string name) => name switch
    {
        "debug" => LogLevel.Debug,
        "warn" => LogLevel.Warning,
        "error" => LogLevel.Error,
        _ => LogLevel.Information,
    };

    /// <summary>An Akka log event's level, for the Microsoft.Extensions.Logging entry that carries it.</summary>
    public static LogLevel ToMicrosoft(Akka.Event.LogLevel level) => level switch
    {
        Akka.Event.LogLevel.DebugLevel => LogLevel.Debug,
        Akka.Event.LogLevel.InfoLevel => LogLevel.Information,
        Akka.Event.LogLevel.WarningLevel => LogLevel.Warning,
        _ => LogLevel.Error,
    };

    public static Akka.Event.LogLevel ToAkka(string name) => name switch
    {
        "debug" => Akka.Event.LogLevel.DebugLevel,
        "warn" => Akka.Event.LogLevel.WarningLevel,
        "error" => Akka.Event.LogLevel.ErrorLevel,
        _ => Akka.Event.LogLevel.InfoLevel,
    };
}
