using Akka.Actor;
using Akka.Event;
using Akka.TestKit.Xunit2;
using Microsoft.Extensions.Logging;
using Paralarva.Actors.Proxy;
using Paralarva.Host.Hosting;
using LogLevel = Microsoft.Extensions.Logging.LogLevel;

namespace Paralarva.Tests.Hosting;

/// <summary>Dead letters: Akka's own at DEBUG (routine on a proxy), the proxy's own messages at INFO.</summary>
public sealed class DeadLetterLogTests : TestKit
{
    [Fact]
    public void DeadLetters_OwnMessagesAtInfo_OthersAtDebug()
    {
        var logger = new RecordingLogger();
        var listener = Sys.ActorOf(DeadLetterLog.Props(logger));
        // The subscription is made in PreStart: once the actor answers an Identify, it is subscribed.
        listener.Tell(new Identify(1));
        ExpectMsg<ActorIdentity>();

        Sys.DeadLetters.Tell(new DeadLetter(new ProxyMessages.DrainCompleted(0), TestActor, Sys.DeadLetters));
        Sys.DeadLetters.Tell(new DeadLetter(Akka.IO.Tcp.ResumeReading.Instance, TestActor, Sys.DeadLetters));

        AwaitAssert(() => Assert.Equal(2, logger.Entries.Count));
        var entries = logger.Entries.ToArray();
        Assert.Contains((LogLevel.Information, "Paralarva.Actors.Proxy.ProxyMessages+DrainCompleted"), entries.Select(static e => (e.Level, e.Type)));
        Assert.Contains((LogLevel.Debug, "Akka.IO.Tcp+ResumeReading"), entries.Select(static e => (e.Level, e.Type)));
    }

    /// <summary>A logger that keeps what it is given: level and the message type field.</summary>
    private sealed class RecordingLogger : ILogger
    {
        public System.Collections.Concurrent.ConcurrentQueue<(LogLevel Level, string Type)> Entries { get; } = new();

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var type = string.Empty;
            if (state is IReadOnlyList<KeyValuePair<string, object?>> fields)
            {
                foreach (var field in fields)
                {
                    if (field.Key == "MessageType")
                        type = field.Value as string ?? string.Empty;
                }
            }

            Entries.Enqueue((logLevel, type));
        }
    }
}
