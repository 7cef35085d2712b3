using Paralarva.Actors.Config;
using Paralarva.Host.Hosting;
using Paralarva.Tests.EndToEnd;

namespace Paralarva.Tests.Hosting;

/// <summary>The host's actor system serializes nothing: Akka's JSON serializer (and Newtonsoft.Json) is not built.</summary>
public sealed class LocalOnlySerializerTests
{
    [Fact]
    public async Task HostActorSystem_AnyMessage_RefusedByName()
    {
        await using var proxy = await InProcessProxy.StartAsync(
            new ServiceConfig("svc", "svc.test", [new MemberConfig("127.0.0.1", 9)], StrategyNames.Random));
        var message = new Probe("hello");

        var serializer = proxy.ActorSystem.Serialization.FindSerializerFor(message);

        Assert.IsType<LocalOnlySerializer>(serializer);
        var refused = Assert.Throws<NotSupportedException>(() => serializer.ToBinary(message));
        Assert.Contains(typeof(Probe).FullName!, refused.Message);
    }

    private sealed record Probe(string Text);
}
