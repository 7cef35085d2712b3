using Akka.Actor;
using Akka.IO;
using Akka.TestKit.Xunit2;
using Paralarva.Actors.Listener;
using Paralarva.Tests.Common;
using static Paralarva.Tests.Listener.RequestActorFixture;

namespace Paralarva.Tests.Listener;

/// <summary>One connection's share of a graceful shutdown (<see cref="DrainMessages"/>), with a real member connection.</summary>
public sealed class RequestActorDrainTests : TestKit
{
    private const string Get = "GET / HTTP/1.1\r\nHost: svc.test\r\n\r\n";
    private const string Ok = "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello";

    private readonly RequestActorFixture _f;

    public RequestActorDrainTests() => _f = new RequestActorFixture(this);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            _f.Dispose();
        base.Dispose(disposing);
    }

    [Fact]
    public void IdleKeepAlive_ClosedAtOnce()
    {
        // RFC 9112 section 9.6: a server may close an idle persistent connection.
        var actor = _f.Start();
        var leased = _f.SendAndLease(actor, Get);
        leased.Member.ReadHead();
        leased.Member.Send(Ok);
        _f.Client.ExpectMsg<Tcp.Write>();
        actor.Tell(ListenerMessages.ClientWriteAck.Instance);
        _f.Client.ExpectMsg<Tcp.ResumeReading>();

        actor.Tell(DrainMessages.DrainConnection.Instance);

        _f.Client.ExpectMsg<Tcp.ConfirmedClose>();
    }

    [Fact]
    public void BusyBeforeResponseHead_ResponseCarriesConnectionClose_ThenCloses()
    {
        // RFC 9112 section 9.6: "close" tells the client the connection ends after this response.
        var actor = _f.Start();
        var leased = _f.SendAndLease(actor, Get);
        leased.Member.ReadHead();

        actor.Tell(DrainMessages.DrainConnection.Instance);
        _f.Client.ExpectNoMsg(Absence.Window);
        leased.Member.Send(Ok);

        var response = Text(_f.Client.ExpectMsg<Tcp.Write>());
        Assert.Contains("\r\nConnection: close\r\n", response);
        Assert.EndsWith("hello", response);
        actor.Tell(ListenerMessages.ClientWriteAck.Instance);
        // The member connection was used cleanly: it goes back to the pool.
        Assert.True(_f.ExpectRelease().Reusable);
        _f.Client.ExpectMsg<Tcp.ConfirmedClose>();
    }

    [Fact]
    public void BusyAfterResponseHead_ResponseFinishes_ThenCloses()
    {
        var actor = _f.Start();
        var leased = _f.SendAndLease(actor, Get);
        leased.Member.ReadHead();
        leased.Member.Send("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhello");
        Assert.DoesNotContain("Connection: close", Text(_f.Client.ExpectMsg<Tcp.Write>()));

        actor.Tell(DrainMessages.DrainConnection.Instance);
        actor.Tell(ListenerMessages.ClientWriteAck.Instance);
        leased.Member.Send("world");
        Assert.Equal("world", Text(_f.Client.ExpectMsg<Tcp.Write>()));
        actor.Tell(ListenerMessages.ClientWriteAck.Instance);

        Assert.True(_f.ExpectRelease().Reusable);
        _f.Client.ExpectMsg<Tcp.ConfirmedClose>();
    }

    [Fact]
    public void FreshConnection_ServedOnceWithConnectionClose()
    {
        // Accepted just before the listener stopped: its first request is answered, not lost.
        var actor = _f.Start();
        actor.Tell(DrainMessages.DrainConnection.Instance);
        _f.Client.ExpectNoMsg(Absence.Window);

        var leased = _f.SendAndLease(actor, Get);
        leased.Member.ReadHead();
        leased.Member.Send(Ok);

        Assert.Contains("\r\nConnection: close\r\n", Text(_f.Client.ExpectMsg<Tcp.Write>()));
        actor.Tell(ListenerMessages.ClientWriteAck.Instance);
        _f.ExpectRelease();
        _f.Client.ExpectMsg<Tcp.ConfirmedClose>();
    }

    [Fact]
    public void AbortConnection_AbortsTheClientAndReleasesTheMemberUnpooled()
    {
        var actor = _f.Start();
        Watch(actor);
        var leased = _f.SendAndLease(actor, Get);
        leased.Member.ReadHead();

        actor.Tell(DrainMessages.AbortConnection.Instance);

        _f.Client.ExpectMsg<Tcp.Abort>();
        ExpectTerminated(actor);
        Assert.False(_f.ExpectRelease().Reusable);
        Assert.True(leased.Connection.IsClosed);
        leased.Member.ExpectEnd();
    }
}
