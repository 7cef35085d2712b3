using Akka.Actor;
using Akka.IO;
using Paralarva.Actors.Listener;
using static Paralarva.Tests.Listener.RequestActorFixture;

namespace Paralarva.Tests.Listener;

/// <summary>
/// A keep-alive connection holds its exchange's parts (heads, exchange state, body slicers) only while it has a request
/// in hand: it gives them back when it waits for the next request, and takes a set again at that request's first byte.
/// </summary>
public sealed class RequestActorPartsTests : RequestActorTestKit
{
    [Fact]
    public void KeptConnection_GivesItsPartsBackBetweenRequests_AndTakesThemAgainForTheNext()
    {
        var pool = new ExchangePartsPool();
        var actor = F.Start(partsPool: pool);
        var leased = F.SendAndLease(actor, Get);
        Assert.Equal(0, pool.Count);
        leased.Member.ReadHead();
        leased.Member.Send("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello");
        F.Client.ExpectMsg<Tcp.Write>();
        F.Client.ExpectMsg<Tcp.ResumeReading>();
        Assert.True(F.ExpectRelease().Reusable);

        AwaitAssert(() => Assert.Equal(1, pool.Count));

        actor.Tell(Bytes("GET /2 HTTP/1.1\r\nHost: svc.test\r\n\r\n"));
        Lease(actor, F.ExpectAcquire(), leased);
        Assert.Equal(0, pool.Count);
        Assert.StartsWith("GET /2 ", leased.Member.ReadHead());
        leased.Member.Send("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
        Assert.EndsWith("\r\n\r\nok", Text(F.Client.ExpectMsg<Tcp.Write>()));
    }

    [Fact]
    public void ConnectionClosedAfterItsResponse_KeepsItsPartsToTheEnd()
    {
        var pool = new ExchangePartsPool();
        var actor = F.Start(partsPool: pool);
        var leased = F.SendAndLease(actor, "GET / HTTP/1.1\r\nHost: svc.test\r\nConnection: close\r\n\r\n");
        leased.Member.ReadHead();
        leased.Member.Send("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello");
        Assert.True(F.Client.ExpectMsg<Tcp.Write>().WantsAck);
        actor.Tell(ListenerMessages.ClientWriteAck.Instance);
        F.ExpectRelease();
        F.Client.ExpectMsg<Tcp.ConfirmedClose>();
        actor.Tell(Tcp.Closed.Instance);
        Watch(actor);
        ExpectTerminated(actor);

        // Stopped mid-life, a set may hold anything: it is not given back.
        Assert.Equal(0, pool.Count);
    }
}
