using System.Net;
using Akka.TestKit.Xunit2;
using Paralarva.Actors.Balancing;
using static Paralarva.Actors.Balancing.UpstreamMessages;

namespace Paralarva.Tests.Balancing;

public sealed class UpstreamConnectionTests : TestKit
{
    [Fact]
    public void Opened_NeverLeased_MemberClosingItIsSeenAtOnce()
    {
        using var server = new CountingListener();
        Sys.ActorOf(ForwardingParent.Props(
            UpstreamConnection.Props(new IPEndPoint(IPAddress.Loopback, server.Port), "svc", "127.0.0.1:" + server.Port, TimeSpan.FromSeconds(5)),
            TestActor));
        ExpectMsg<Opened>(TimeSpan.FromSeconds(10));
        AwaitAssert(() => Assert.Equal(1, server.Accepted));

        // A member's keep-alive timeout closing a connection nobody leased yet: the pool must learn it now,
        // not when the next request is written into a dead socket.
        server.CloseAccepted();

        ExpectMsg<Lost>(TimeSpan.FromSeconds(10));
    }
}
