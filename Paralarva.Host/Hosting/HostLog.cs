using Microsoft.Extensions.Logging;

namespace Paralarva.Host.Hosting;

/// <summary>The host's log entries, source-generated: nothing is formatted or allocated when the level is off.</summary>
internal static partial class HostLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Paralarva proxy listening on {ProxyEndPoint}, monitoring on port {MonitoringPort}")]
    public static partial void Listening(ILogger logger, string proxyEndPoint, int monitoringPort);

    [LoggerMessage(EventId = 10, Level = LogLevel.Warning, Message = "Second shutdown signal: closing every client connection now")]
    public static partial void SecondSignal(ILogger logger);

    [LoggerMessage(EventId = 11, Level = LogLevel.Information,
        Message = "Shutting down: readiness is false; accepting for {GracePeriod}, then draining for up to {DrainTimeout}")]
    public static partial void ShuttingDown(ILogger logger, string gracePeriod, string drainTimeout);

    [LoggerMessage(EventId = 12, Level = LogLevel.Information, Message = "Drained ({Aborted} connections aborted at the drain timeout); stopping")]
    public static partial void Drained(ILogger logger, int aborted);

    [LoggerMessage(EventId = 13, Level = LogLevel.Warning, Message = "The proxy did not report the end of its drain in time; stopping anyway")]
    public static partial void DrainNotReported(ILogger logger);

    [LoggerMessage(EventId = 20, Message = "Dead letter: {MessageType} from {Sender} to {Recipient} was not delivered")]
    public static partial void DeadLetter(ILogger logger, LogLevel level, string messageType, string sender, string recipient);

    [LoggerMessage(EventId = 30, Level = LogLevel.Information, Message = "Demo member listening on {DemoAddress} port {DemoPort}")]
    public static partial void DemoListening(ILogger logger, string demoAddress, int demoPort);

    [LoggerMessage(EventId = 31, Level = LogLevel.Warning, Message = "Demo origins serve only IP addresses and localhost: member {DemoAddress}:{DemoPort} skipped")]
    public static partial void DemoSkipped(ILogger logger, string demoAddress, int demoPort);
}
