using Akka.Actor;
using Akka.Event;
using Microsoft.Extensions.Logging;
using LogLevel = Microsoft.Extensions.Logging.LogLevel;

namespace Paralarva.Host.Hosting;

/// <summary>
/// Logs dead letters in place of Akka's own listener (off: <see cref="AkkaHocon"/>), which logs every one at INFO.
/// Most are routine on a proxy: Akka.IO's acks and events for a connection that just closed. Those go to DEBUG; a
/// lost message of the proxy's own (a <c>Paralarva.*</c> type) may mean a bug and stays at INFO.
/// </summary>
internal sealed class DeadLetterLog : ReceiveActor
{
    public const string AkkaHocon = """
        akka.log-dead-letters = off
        akka.log-dead-letters-during-shutdown = off
        """;

    /// <summary>The category of the entries.</summary>
    public const string Category = "Paralarva.DeadLetters";

    public DeadLetterLog(ILogger logger)
    {
        Receive<AllDeadLetters>(letter =>
        {
            var message = letter.Message;
            var level = IsOwn(message) ? LogLevel.Information : LogLevel.Debug;
            if (logger.IsEnabled(level))
                HostLog.DeadLetter(logger, level, message.GetType().FullName ?? "?", letter.Sender.Path.ToString(), letter.Recipient.Path.ToString());
        });
    }

    public static Props Props(ILogger logger) => Actors.Proxy.FactoryProps.Create(() => new DeadLetterLog(logger));

    /// <summary>True for the proxy's own message types (namespaces Paralarva.*).</summary>
    public static bool IsOwn(object message) =>
        message.GetType().Namespace?.StartsWith("Paralarva.", StringComparison.Ordinal) == true;

    protected override void PreStart() => Context.System.EventStream.Subscribe(Self, typeof(AllDeadLetters));

    protected override void PostStop() => Context.System.EventStream.Unsubscribe(Self);
}
