using Akka.Actor;
using Paralarva.Actors.Config;
using Paralarva.Tests.Common;
using Paralarva.Tests.EndToEnd;

namespace Paralarva.Tests.Hosting;

/// <summary>
/// Akka.Streams runs only the access log: the host starts its materializer (the system actor
/// <c>/user/StreamSupervisor-N</c>) only when the configuration has an access log.
/// </summary>
public sealed class AccessLogMaterializerTests : IDisposable
{
    private static readonly TimeSpan IdentifyTimeout = TimeSpan.FromSeconds(5);

    private readonly TempDirectory _directory = new("paralarva-materializer-");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task AccessLogOff_NoStreamSupervisor()
    {
        Assert.Null(await StreamSupervisorOf(AccessLogConfig.Off));
    }

    [Fact]
    public async Task AccessLogToAFile_StreamSupervisorRuns()
    {
        Assert.NotNull(await StreamSupervisorOf(AccessLogConfig.File(_directory.PathOf("access.log"))));
    }

    private static async Task<IActorRef?> StreamSupervisorOf(AccessLogConfig accessLog)
    {
        var config = new ProxyConfig(
            new ListenConfig("127.0.0.1", 0),
            [new ServiceConfig("svc", "svc.test", [new MemberConfig("127.0.0.1", 9)], StrategyNames.Random)],
            LimitsConfig.Default) { AccessLog = accessLog };
        await using var proxy = await InProcessProxy.StartAsync(config);
        // A selection that matches nothing is answered by an identity without a subject.
        var identity = await proxy.ActorSystem.ActorSelection("/user/StreamSupervisor-*").Ask<ActorIdentity>(new Identify(1), IdentifyTimeout);
        return identity.Subject;
    }
}
