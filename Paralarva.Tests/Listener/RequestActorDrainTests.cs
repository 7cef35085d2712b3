using Akka.Actor;
using Akka.IO;
using Paralarva.Actors.Listener;
using Paralarva.Tests.Common;
using static Paralarva.Tests.Listener.RequestActorFixture;

namespace Paralarva.Tests.Listener;

/// <summary>One connection's share of a graceful shutdown (<see cref="DrainMessages"/>), with a real member connection.</summary>
public sealed class RequestActorDrainTests : RequestActorTestKit
{
    private const string Ok = "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello";

    [Fact]
    public void IdleKeepAlive_ClosedAtOnce()
    {
        // RFC 9112 section 9.6: a server may close an idle persistent connection.
        var actor = F.Start();
        var leased = F.SendAndLease(actor, Get);
        leased.Member.ReadHead();
        leased.Member.Send(Ok);
        // A small response ends with its write, which asks for no acknowledgement.
        Assert.False(F.Client.ExpectMsg<Tcp.Write>().WantsAck);
        F.Client.ExpectMsg<Tcp.ResumeReading>();

        actor.Tell(DrainMessages.DrainConnection.Instance);

        F.Client.ExpectMsg<Tcp.ConfirmedClose>();
    }

    [Fact]
    public void BusyBeforeResponseHead_ResponseCarriesConnectionClose_ThenCloses()
    {
        // RFC 9112 section 9.6: "close" tells the client the connection ends after this response.
        var actor = F.Start();
        var leased = F.SendAndLease(actor, Get);
        leased.Member.ReadHead();

        actor.Tell(DrainMessages.DrainConnection.Instance);
        F.Client.ExpectNoMsg(Absence.Window);
        leased.Member.Send(Ok);

        var response = Text(F.Client.ExpectMsg<Tcp.Write>());
        Assert.Contains("\r\nConnection: close\r\n", response);
        Assert.EndsWith("hello", response);
        actor.Tell(ListenerMessages.ClientWriteAck.Instance);
        // The member connection was used cleanly: it goes back to the pool.
        Assert.True(F.ExpectRelease().Reusable);
        F.Client.ExpectMsg<Tcp.ConfirmedClose>();
    }

    [Fact]
    public void BusyAfterResponseHead_ResponseFinishes_ThenCloses()
    {
        var actor = F.Start();
        var leased = F.SendAndLease(actor, Get);
        leased.Member.ReadHead();
        leased.Member.Send("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhello");
        Assert.DoesNotContain("Connection: close", Text(F.Client.ExpectMsg<Tcp.Write>()));

        actor.Tell(DrainMessages.DrainConnection.Instance);
        actor.Tell(ListenerMessages.ClientWriteAck.Instance);
        leased.Member.Send("world");
        Assert.Equal("world", Text(F.Client.ExpectMsg<Tcp.Write>()));
        actor.Tell(ListenerMessages.ClientWriteAck.Instance);

        Assert.True(F.ExpectRelease().Reusable);
        F.Client.ExpectMsg<Tcp.ConfirmedClose>();
    }

    [Fact]
    public void FreshConnection_ServedOnceWithConnectionClose()
    {
        // Accepted just before the listener stopped: its first request is answered, not lost.
        var actor = F.Start();
        actor.Tell(DrainMessages.DrainConnection.Instance);
        F.Client.ExpectNoMsg(Absence.Window);

        var leased = F.SendAndLease(actor, Get);
        leased.Member.ReadHead();
        leased.Member.Send(Ok);

        Assert.Contains("\r\nConnection: close\r\n", Text(F.Client.ExpectMsg<Tcp.Write>()));
        actor.Tell(ListenerMessages.ClientWriteAck.Instance);
        F.ExpectRelease();
        F.Client.ExpectMsg<Tcp.ConfirmedClose>();
    }

    [Fact]
    public void AbortConnection_AbortsTheClientAndReleasesTheMemberUnpooled()
    {
        var actor = F.Start();
        Watch(actor);
        var leased = F.SendAndLease(actor, Get);
        leased.Member.ReadHead();

        actor.Tell(DrainMessages.AbortConnection.Instance);

        F.Client.ExpectMsg<Tcp.Abort>();
        ExpectTerminated(actor);
        Assert.False(F.ExpectRelease().Reusable);
        Assert.True(leased.Connection.IsClosed);
        leased.Member.ExpectEnd();
    }
}
