using Akka.Event;
using Akka.TestKit.Xunit2;
using Microsoft.Extensions.Logging;
using Paralarva.Host.Hosting;
using Paralarva.Tests.Common;
using LogLevel = Microsoft.Extensions.Logging.LogLevel;

namespace Paralarva.Tests.Hosting;

/// <summary>
/// What Akka's logger mailbox drains when the system stops goes to its standard-out logger: with the host's
/// configuration that is <see cref="AkkaFallbackLogger"/>, which writes through the host's loggers (so
/// <c>--log-format json</c> holds) instead of printing Akka's console format.
/// </summary>
public sealed class AkkaFallbackLoggerTests() : TestKit(AkkaLogger.AkkaHocon)
{
    [Fact]
    public void StoppingLoggersLeftover_WrittenThroughTheHostLoggerWithItsClassAndLevel()
    {
        var fallback = Assert.IsType<AkkaFallbackLogger>(Sys.Settings.StdoutLogger);
        var loggers = new RecordingLoggerFactory();
        fallback.WriteTo(loggers);

        // As Akka's LoggerMailbox.CleanUp hands over what its logger did not process.
        fallback.Tell(new Error(null, "akka://test/user/proxy/listener", typeof(AkkaFallbackLoggerTests), "Cannot listen on 127.0.0.1:1"), Akka.Actor.ActorRefs.NoSender);

        var entry = Assert.Single(loggers.For(typeof(AkkaFallbackLoggerTests).FullName!).Entries);
        Assert.Equal((LogLevel.Error, "Cannot listen on 127.0.0.1:1"), entry);
    }

    [Fact]
    public void BeforeTheHostGaveItsLoggers_EventsAreDropped()
    {
        var fallback = Assert.IsType<AkkaFallbackLogger>(Sys.Settings.StdoutLogger);
        var loggers = new RecordingLoggerFactory();

        fallback.Tell(new Warning("akka://test", typeof(AkkaFallbackLoggerTests), "early"), Akka.Actor.ActorRefs.NoSender);
        fallback.WriteTo(loggers);

        Assert.Empty(loggers.Categories);
    }

    private sealed class RecordingLoggerFactory : ILoggerFactory
    {
        private readonly System.Collections.Concurrent.ConcurrentDictionary<string, RecordingLogger> _byCategory = new();

        public IReadOnlyCollection<string> Categories => [.. _byCategory.Keys];

        public RecordingLogger For(string category) => _byCategory[category];

        public ILogger CreateLogger(string categoryName) => _byCategory.GetOrAdd(categoryName, static _ => new RecordingLogger());

        public void AddProvider(ILoggerProvider provider) => throw new NotSupportedException();

        public void Dispose()
        {
        }
    }
}
