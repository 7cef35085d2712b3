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
    /// Akka prints to standard output, in its own format, what is logged before its loggers start and after they
    /// stop, and what is still queued in a logger's mailbox when the system stops (a shutdown right after a failed
    /// start, under load: the bind error itself). Those lines would break a log shipper's parsing of
    /// <c>--log-format json</c>. So the level-subscribed fallback is off, and the one that drains a stopping logger's
    /// mailbox is <see cref="AkkaFallbackLogger"/>, which writes through the host's loggers like this one.
    /// </summary>
    public const string AkkaHocon = """
        akka.stdout-loglevel = OFF
        akka.stdout-logger-class = "Paralarva.Host.Hosting.AkkaFallbackLogger, Paralarva.Host"
        """;

    private readonly ILoggerFactory _factory;
    private readonly Dictionary<Type, ILogger> _byClass = [];
    private readonly ILogger _unknownClass;

    public AkkaLogger()
    {
        var setup = Context.System.Settings.Setup.Get<LoggerFactorySetup>();
        _factory = setup.HasValue ? setup.Value.LoggerFactory : NullLoggerFactory.Instance;
        _unknownClass = _factory.CreateLogger(AkkaLogState.Category(null));
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

    private void Log(LogEvent logEvent) => AkkaLogState.Write(LoggerFor(logEvent.LogClass), logEvent);

    private ILogger LoggerFor(Type? logClass)
    {
        if (logClass is null)
            return _unknownClass;
        if (!_byClass.TryGetValue(logClass, out var logger))
            _byClass[logClass] = logger = _factory.CreateLogger(AkkaLogState.Category(logClass));
        return logger;
    }
}
