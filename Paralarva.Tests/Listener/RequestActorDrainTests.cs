using Akka.Actor;
using Akka.IO;
using Akka.TestKit.Xunit2;
using Paralarva.Actors.Listener;
using static Paralarva.Actors.Balancing.BalancerMessages;
using static Paralarva.Actors.Balancing.UpstreamMessages;
using static Paralarva.Tests.Listener.RequestActorProbes;

namespace Paralarva.Tests.Listener;

/// <summary>One connection's share of a graceful shutdown (<see cref="DrainMessages"/>).</summary>
public sealed class RequestActorDrainTests : TestKit
{
    private const string Get = "GET / HTTP/1.1\r\nHost: svc.test\r\n\r\n";
    private const string Ok = "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello";

    private readonly RequestActorProbes _p;

    public RequestActorDrainTests() => _p = new RequestActorProbes(this);

    [Fact]
    public void IdleKeepAlive_ClosedAtOnce()
    {
        // RFC 9112 section 9.6: a server may close an idle persistent connection.
        var actor = _p.Start();
        _p.SendAndLease(actor, Get);
        actor.Tell(MemberBytes(Ok), _p.Connection.Ref);
        _p.Client.ExpectMsg<Tcp.Write>();
        actor.Tell(ListenerMessages.ClientWriteAck.Instance);
        _p.Client.ExpectMsg<Tcp.ResumeReading>();

        actor.Tell(DrainMessages.DrainConnection.Instance);

        _p.Client.ExpectMsg<Tcp.ConfirmedClose>();
    }

    [Fact]
    public void BusyBeforeResponseHead_ResponseCarriesConnectionClose_ThenCloses()
    {
        // RFC 9112 section 9.6: "close" tells the client the connection ends after this response.
        var actor = _p.Start();
        _p.SendAndLease(actor, Get);

        actor.Tell(DrainMessages.DrainConnection.Instance);
        _p.Client.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        actor.Tell(MemberBytes(Ok), _p.Connection.Ref);

        var response = Text(_p.Client.ExpectMsg<Tcp.Write>());
        Assert.Contains("\r\nConnection: close\r\n", response);
        Assert.EndsWith("hello", response);
        actor.Tell(ListenerMessages.ClientWriteAck.Instance);
        // The member connection was used cleanly: it goes back to the pool.
        Assert.True(_p.Member.ExpectMsg<ReleaseConnection>().Reusable);
        _p.Client.ExpectMsg<Tcp.ConfirmedClose>();
    }

    [Fact]
    public void BusyAfterResponseHead_ResponseFinishes_ThenCloses()
    {
        var actor = _p.Start();
        _p.SendAndLease(actor, Get);
        actor.Tell(MemberBytes("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhello"), _p.Connection.Ref);
        Assert.DoesNotContain("Connection: close", Text(_p.Client.ExpectMsg<Tcp.Write>()));

        actor.Tell(DrainMessages.DrainConnection.Instance);
        actor.Tell(ListenerMessages.ClientWriteAck.Instance);
        _p.Socket.ExpectMsg<Tcp.ResumeReading>();
        actor.Tell(MemberBytes("world"), _p.Connection.Ref);
        Assert.Equal("world", Text(_p.Client.ExpectMsg<Tcp.Write>()));
        actor.Tell(ListenerMessages.ClientWriteAck.Instance);

        _p.Member.ExpectMsg<ReleaseConnection>();
        _p.Client.ExpectMsg<Tcp.ConfirmedClose>();
    }

    [Fact]
    public void FreshConnection_ServedOnceWithConnectionClose()
    {
        // Accepted just before the listener stopped: its first request is answered, not lost.
        var actor = _p.Start();
        actor.Tell(DrainMessages.DrainConnection.Instance);
        _p.Client.ExpectNoMsg(TimeSpan.FromMilliseconds(100));

        _p.SendAndLease(actor, Get);
        actor.Tell(MemberBytes(Ok), _p.Connection.Ref);

        Assert.Contains("\r\nConnection: close\r\n", Text(_p.Client.ExpectMsg<Tcp.Write>()));
        actor.Tell(ListenerMessages.ClientWriteAck.Instance);
        _p.Member.ExpectMsg<ReleaseConnection>();
        _p.Client.ExpectMsg<Tcp.ConfirmedClose>();
    }

    [Fact]
    public void AbortConnection_AbortsTheClientAndReleasesTheMemberUnpooled()
    {
        var actor = _p.Start();
        Watch(actor);
        _p.SendAndLease(actor, Get);

        actor.Tell(DrainMessages.AbortConnection.Instance);

        _p.Client.ExpectMsg<Tcp.Abort>();
        ExpectTerminated(actor);
        Assert.False(_p.Member.ExpectMsg<ReleaseConnection>().Reusable);
    }
}
