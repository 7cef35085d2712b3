using Akka.Actor;
using Akka.Streams;
using Akka.TestKit.TestActors;
using Akka.TestKit.Xunit2;
using Paralarva.Actors.Config;
using Paralarva.Actors.Proxy;
using Paralarva.Tests.Common;
using Xunit.Abstractions;
using static Paralarva.Actors.Proxy.ProxyMessages;

namespace Paralarva.Tests.Proxy;

/// <summary>
/// DESIGN.md: "a keep-alive GET on a pooled member connection takes at most ten actor messages in all (socket
/// completions included), and a test counts them". Counted, not timed: every message enqueued to any actor of the
/// proxy's ActorSystem while a keep-alive client sends GETs one after another through a real listener to a real origin.
/// </summary>
public sealed class MessagesPerRequestTests(ITestOutputHelper testOutput) : TestKit(CountingMailbox.AkkaConfig, testOutput)
{
    private const int WarmUp = 20;
    private const int Measured = 200;
    private const double MaxMessagesPerRequest = 10;

    [Fact]
    public async Task KeepAliveGet_OnAPooledMemberConnection_AtMostTenActorMessages()
    {
        await using var origin = new TestOrigin("a");
        var config = new ProxyConfig(
            new ListenConfig("127.0.0.1", 0),
            [new ServiceConfig("svc", "svc.test", [new MemberConfig("127.0.0.1", origin.Port)], StrategyNames.RoundRobin)],
            LimitsConfig.Default);
        var proxy = Sys.ActorOf(ProxyActor.Props(config, ProxyOptions.Default, BlackHoleActor.Props, Sys.Materializer()));
        proxy.Tell(GetListenStatus.Instance, TestActor);
        var listening = ExpectMsg<ListenStatus>(TimeSpan.FromSeconds(10)).LocalAddress;
        Assert.NotNull(listening);
        var port = ((System.Net.IPEndPoint)listening).Port;

        await using var client = await RawHttpClient.ConnectAsync(port);
        for (var i = 0; i < WarmUp; i++)
            Assert.Equal(200, (await client.SendAndReadAsync(RawRequest.Get("svc.test"))).StatusCode);

        var before = CountingMailbox.Count(Sys);
        var akkaIoBefore = CountingMailbox.CountAkkaIo(Sys);
        for (var i = 0; i < Measured; i++)
            Assert.Equal(200, (await client.SendAndReadAsync(RawRequest.Get("svc.test"))).StatusCode);
        var perRequest = (CountingMailbox.Count(Sys) - before) / (double)Measured;
        var akkaIoPerRequest = (CountingMailbox.CountAkkaIo(Sys) - akkaIoBefore) / (double)Measured;

        Output?.WriteLine($"{perRequest:F2} actor messages per keep-alive GET, {akkaIoPerRequest:F2} of them to Akka.IO's actors");
        Assert.True(perRequest <= MaxMessagesPerRequest, $"{perRequest:F2} actor messages per keep-alive GET (at most {MaxMessagesPerRequest})");
        // At the least the client connection's read completion, the write and the next read asked for.
        Assert.True(akkaIoPerRequest >= 3, $"{akkaIoPerRequest:F2} messages to Akka.IO's actors per GET: its connection actors are not counted");
        Assert.True(perRequest - akkaIoPerRequest >= 3, $"{perRequest - akkaIoPerRequest:F2} messages to the proxy's own actors per GET: they are not counted");
    }
}
