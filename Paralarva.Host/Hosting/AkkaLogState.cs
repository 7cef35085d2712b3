using System.Collections;
using Akka.Event;
using Microsoft.Extensions.Logging;

namespace Paralarva.Host.Hosting;

/// <summary>
/// One Akka log event as Microsoft.Extensions.Logging state: the formatted message, and as structured fields the
/// actor path and the template (<c>{OriginalFormat}</c>), which the JSON console formatter writes under "State".
/// </summary>
internal readonly struct AkkaLogState(LogEvent logEvent) : IReadOnlyList<KeyValuePair<string, object?>>
{
    public static readonly Func<AkkaLogState, Exception?, string> Format = static (state, _) => state.Message;

    /// <summary>The logger category of an Akka log event: the class that logged it.</summary>
    public static string Category(Type? logClass) => logClass is null ? "Akka" : logClass.FullName ?? logClass.Name;

    /// <summary>Writes <paramref name="logEvent"/> to <paramref name="logger"/> at its level, if that level is enabled.</summary>
    public static void Write(ILogger logger, LogEvent logEvent)
    {
        var level = LogLevels.ToMicrosoft(logEvent.LogLevel());
        if (logger.IsEnabled(level))
            logger.Log(level, default, new AkkaLogState(logEvent), logEvent.Cause, Format);
    }

    public string Message => logEvent.Message switch
    {
        null => string.Empty,
        string text => text,
        var message => message.ToString() ?? string.Empty,
    };

    public int Count => 3;

    public KeyValuePair<string, object?> this[int index] => index switch
    {
        0 => new("ActorPath", logEvent.LogSource),
        1 => new("Thread", logEvent.Thread.ManagedThreadId),
        2 => new("{OriginalFormat}", logEvent.Message is LogMessage template ? template.Format : Message),
        _ => throw new ArgumentOutOfRangeException(nameof(index)),
    };

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        for (var i = 0; i < Count; i++)
            yield return this[i];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => Message;
}
