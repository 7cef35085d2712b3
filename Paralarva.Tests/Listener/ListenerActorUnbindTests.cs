using System.Net;
using Akka.Actor;
using Akka.IO;
using Akka.TestKit.Xunit2;
using Paralarva.Tests.Common;

namespace Paralarva.Tests.Listener;

/// <summary>
/// Why ListenerActor unbinds only at the end of a drain: in Akka.IO (1.5) the TcpListener is the parent of the
/// connections it accepted, so <c>Tcp.Unbind</c> stops every open client connection with it. If this test starts
/// failing after an Akka upgrade, the listener may unbind as soon as the grace period ends.
/// </summary>
public sealed class ListenerActorUnbindTests : TestKit
{
    [Fact]
    public async Task AkkaIoUnbind_ClosesTheConnectionsItAccepted()
    {
        Sys.Tcp().Tell(new Tcp.Bind(TestActor, new IPEndPoint(IPAddress.Loopback, 0), pullMode: true));
        var bound = ExpectMsg<Tcp.Bound>();
        var listener = LastSender;
        await using var client = await RawHttpClient.ConnectAsync(((IPEndPoint)bound.LocalAddress).Port);
        ExpectMsg<Tcp.Connected>();
        LastSender.Tell(new Tcp.Register(TestActor));

        listener.Tell(Tcp.Unbind.Instance);

        ExpectMsg<Tcp.Unbound>();
        Assert.True(await client.IsClosedByPeerAsync(TimeSpan.FromSeconds(10)), "the accepted connection survived the Unbind");
    }
}
