using Akka.Actor;
using Akka.Dispatch;
using Akka.Event;
using Akka.Hosting.Logging;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Paralarva.Host.Hosting;

/// <summary>
/// Akka's logger: each Akka log event becomes one Microsoft.Extensions.Logging entry, so it follows
/// <c>--log-format</c> like the host's own. Akka.Hosting's LoggerFactoryLogger writes Akka's whole text line
/// (<c>[INFO][date][thread][path] message</c>) as the message of one "Akka.Actor.ActorSystem" category; here the
/// category is the class that logged (<c>Paralarva.Actors.Listener.ListenerActor</c>), the message is the message, and
/// the actor path and the template are structured fields.
/// </summary>
internal sealed class AkkaLogger : ActorBase, IRequiresMessageQueue<ILoggerMessageQueueSemantics>
{
    /// <summary>
    /// Akka prints to standard output, in its own multi-line format, what is logged before its loggers start and
    /// after they stop (a shutdown after a failed start logs its errors then): those lines would break a log
    /// shipper's parsing of <c>--log-format json</c>, so that fallback is off and only this logger writes.
    /// </summary>
    public const string AkkaHocon = "akka.stdout-loglevel = OFF";

    private readonly ILoggerFactory _factory;
    private readonly Dictionary<Type, ILogger> _byClass = [];
    private readonly ILogger _unknownClass;

    public AkkaLogger()
    {
        var setup = Context.System.Settings.Setup.Get<LoggerFactorySetup>();
        _factory = setup.HasValue ? setup.Value.LoggerFactory : NullLoggerFactory.Instance;
        _unknownClass = _factory.CreateLogger("Akka");
    }

    protected override bool Receive(object message)
    {
        switch (message)
        {
            case InitializeLogger:
                Sender.Tell(new LoggerInitialized());
                return true;
            case LogEvent logEvent:
                Log(logEvent);
                return true;
            default:
                return false;
        }
    }

    private void Log(LogEvent logEvent)
    {
        var logger = LoggerFor(logEvent.LogClass);
        var level = LogLevels.ToMicrosoft(logEvent.LogLevel());
        if (logger.IsEnabled(level))
            logger.Log(level, default, new AkkaLogState(logEvent), logEvent.Cause, AkkaLogState.Format);
    }

    private ILogger LoggerFor(Type? logClass)
    {
        if (logClass is null)
            return _unknownClass;
        if (!_byClass.TryGetValue(logClass, out var logger))
            _byClass[logClass] = logger = _factory.CreateLogger(logClass.FullName ?? logClass.Name);
        return logger;
    }
}
