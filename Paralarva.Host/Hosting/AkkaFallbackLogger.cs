using Akka.Event;
using Microsoft.Extensions.Logging;

namespace Paralarva.Host.Hosting;

/// <summary>
/// Akka's standard-out logger (<c>akka.stdout-logger-class</c>), writing through the host's loggers instead of the
/// console, so that <c>--log-format</c> holds for every line.
/// </summary>
/// <remarks>
/// Akka hands it the log events that no logger actor took: those still queued in <see cref="AkkaLogger"/>'s mailbox
/// when the actor system stops (Akka's logger mailbox drains them here, whatever <c>akka.stdout-loglevel</c> says).
/// Under load that is the error of a failed start, and Akka's own console format then broke the JSON lines. Akka
/// makes this class through its empty constructor while it reads its settings; <see cref="AkkaSystemFactory"/> gives
/// it the logger factory before the system starts. It may be called from any thread.
/// </remarks>
internal sealed class AkkaFallbackLogger : MinimalLogger
{
    private volatile ILoggerFactory? _factory;

    public void WriteTo(ILoggerFactory factory) => _factory = factory;

    protected override void Log(object message)
    {
        if (message is LogEvent logEvent && _factory is { } factory)
            AkkaLogState.Write(factory.CreateLogger(AkkaLogState.Category(logEvent.LogClass)), logEvent);
    }
}
