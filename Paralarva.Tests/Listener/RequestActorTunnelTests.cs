using Akka.Actor;
using Akka.Event;
using Akka.IO;
using Paralarva.Actors.Config;
using Paralarva.Actors.Listener;
using Paralarva.Actors.Metrics;
using Paralarva.Tests.Balancing;
using Paralarva.Tests.Common;
using static Paralarva.Tests.Listener.RequestActorFixture;

namespace Paralarva.Tests.Listener;

/// <summary>The RequestActor's tunnel phase (RFC 9110 section 7.8): a probe for the client, a real member connection.</summary>
public sealed class RequestActorTunnelTests : RequestActorTestKit
{
    private const string UpgradeRequest =
        "GET /chat HTTP/1.1\r\nHost: svc.test\r\nConnection: keep-alive, Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n\r\n";

    private const string SwitchingHead = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n";

    /// <summary>Up to the 101 relayed with <paramref name="afterHead"/>, and the client's write acked.</summary>
    private (IActorRef Actor, LeasedConnection Leased) OpenTunnel(string afterHead = "", TimeSpan? idleTimeout = null, TimeoutsConfig? timeouts = null)
    {
        var actor = F.Start(timeouts: timeouts, tunnelIdleTimeout: idleTimeout);
        var leased = F.SendAndLease(actor, UpgradeRequest);
        var forwarded = leased.Member.ReadHead();
        // RFC 9110 section 7.8: the member gets Upgrade and the Connection option naming it, nothing else hop-by-hop.
        Assert.Contains("\r\nUpgrade: websocket\r\n", forwarded);
        Assert.Contains("\r\nConnection: upgrade\r\n", forwarded);
        Assert.DoesNotContain("keep-alive", forwarded);

        leased.Member.Send(SwitchingHead + afterHead);
        var relayed = Text(F.Client.ExpectMsg<Tcp.Write>());
        Assert.StartsWith("HTTP/1.1 101 Switching Protocols\r\n", relayed);
        Assert.Contains("\r\nUpgrade: websocket\r\n", relayed);
        Assert.EndsWith("\r\n\r\n" + afterHead, relayed);
        // The client may send in the new protocol at once.
        F.Client.ExpectMsg<Tcp.ResumeReading>();
        actor.Tell(ListenerMessages.ClientWriteAck.Instance);
        return (actor, leased);
    }

    [Fact]
    public void Tunnel_BytesBothWays_OneWriteOutstandingPerDirection()
    {
        var (actor, leased) = OpenTunnel(afterHead: "srv-hello");

        actor.Tell(Bytes("\x81\x05hello"));
        Assert.Equal("\x81\x05hello", leased.Member.Read(7));
        F.Client.ExpectMsg<Tcp.ResumeReading>();

        leased.Member.Send("\x81\x02ok");
        Assert.Equal("\x81\x02ok", Text(F.Client.ExpectMsg<Tcp.Write>()));
        // Backpressure: the member is read again only once the client took what it was sent.
        leased.Member.Send("more");
        F.Client.ExpectNoMsg(Absence.Window);
        actor.Tell(ListenerMessages.ClientWriteAck.Instance);
        Assert.Equal("more", Text(F.Client.ExpectMsg<Tcp.Write>()));
    }

    [Fact]
    public void Tunnel_MemberSlowToRead_ClientReadAgainOnlyOnceTheWriteCompletes()
    {
        const int Frame = 32 * 1024 * 1024;
        var (actor, leased) = OpenTunnel();

        actor.Tell(new Tcp.Received(ByteString.FromBytes(new byte[Frame])));

        // More than the loopback socket buffers hold: no more client bytes until the member took these.
        F.Client.ExpectNoMsg(Absence.Window);
        leased.Member.Discard(Frame);
        F.Client.ExpectMsg<Tcp.ResumeReading>(MemberSocket.Wait);
    }

    [Fact]
    public void BytesSentRightAfterTheUpgradeRequest_GoToTheMemberOnceItSwitched()
    {
        // RFC 9110 section 7.8: after the 101 the connection speaks the new protocol, including what already arrived.
        var actor = F.Start();
        var leased = F.SendAndLease(actor, UpgradeRequest + "early-frame");
        leased.Member.ReadHead();
        Assert.True(leased.Member.NothingArrives(Absence.Window));

        leased.Member.Send(SwitchingHead);

        F.Client.ExpectMsg<Tcp.Write>();
        Assert.Equal("early-frame", leased.Member.Read(11));
    }

    [Fact]
    public void ClientCloses_MemberClosedAfterPendingWrite_RecordedOnceAs101_NotPooled()
    {
        const int Frame = 32 * 1024 * 1024;
        var (actor, leased) = OpenTunnel(afterHead: "1234");
        Watch(actor);
        actor.Tell(new Tcp.Received(ByteString.FromBytes(new byte[Frame])));
        F.Client.ExpectNoMsg(Absence.Window);

        actor.Tell(Tcp.PeerClosed.Instance);

        // The write still pending reaches the member whole, and only then the FIN.
        leased.Member.Discard(Frame);
        leased.Member.ExpectEnd();
        Assert.False(F.ExpectRelease().Reusable);
        ExpectTerminated(actor);
        var completed = F.ExpectCompleted();
        Assert.Equal(101, completed.StatusCode);
        Assert.Equal(Frame, completed.RequestBodyBytes);
        Assert.Equal(4, completed.ResponseBodyBytes);
        F.Metrics.FishForMessage(m => m is ClientConnectionClosed);
        F.Metrics.ExpectNoMsg(Absence.Window);
    }

    [Fact]
    public void MemberCloses_ClientClosedAfterItsPendingWrites()
    {
        var (actor, leased) = OpenTunnel();
        leased.Member.Send("last words");
        leased.Member.Close();
        Assert.Equal("last words", Text(F.Client.ExpectMsg<Tcp.Write>()));

        actor.Tell(ListenerMessages.ClientWriteAck.Instance);

        Assert.False(F.ExpectRelease().Reusable);
        // ConfirmedClose flushes any queued write first, then sends FIN.
        F.Client.ExpectMsg<Tcp.ConfirmedClose>();
    }

    [Fact]
    public void MemberResets_ClientAborted()
    {
        var (_, leased) = OpenTunnel();

        leased.Member.Reset();

        F.Client.FishForMessage(m => m is Tcp.Abort);
        Assert.False(F.ExpectRelease().Reusable);
    }

    [Fact]
    public void IdleTunnel_ClosedBothWaysAfterTheIdleTimeout()
    {
        var (_, leased) = OpenTunnel(idleTimeout: TimeSpan.FromMilliseconds(300));

        Assert.Equal(MemberSocketEnd.Reset, leased.Member.ExpectEnd());
        F.Client.FishForMessage(m => m is Tcp.Abort, MemberSocket.Wait);
        Assert.False(F.ExpectRelease().Reusable);
    }

    [Fact]
    public void IdleTunnel_LongerThanTheHttpTimeouts_NoUnhandledMessages()
    {
        // The request head, body idle and send deadlines belong to HTTP: their timers must not reach the tunnel
        // phase unhandled (they did, logged as unhandled messages once a tunnel idled past them).
        var unhandled = CreateTestProbe("unhandled");
        Sys.EventStream.Subscribe(unhandled.Ref, typeof(UnhandledMessage));
        var shortTimeouts = TimeoutsConfig.Default with
        {
            RequestHead = TimeSpan.FromMilliseconds(200),
            BodyIdle = TimeSpan.FromMilliseconds(200),
            ClientIdle = TimeSpan.FromMilliseconds(200),
        };
        var (actor, leased) = OpenTunnel(timeouts: shortTimeouts);

        unhandled.ExpectNoMsg(Absence.Window);

        // Nor did they end the tunnel: bytes still flow both ways.
        actor.Tell(Bytes("ping"));
        Assert.Equal("ping", leased.Member.Read(4));
        leased.Member.Send("pong");
        Assert.Equal("pong", Text(F.Client.FishForMessage<Tcp.Write>(m => m is Tcp.Write)));
        unhandled.ExpectNoMsg(Absence.Window);
    }

    [Fact]
    public void DrainTimeout_TunnelAbortedAndStillRecordedOnce()
    {
        // A graceful shutdown cannot end a tunnel politely: the drain timeout aborts it, and it still counts.
        var (actor, leased) = OpenTunnel();
        Watch(actor);

        actor.Tell(DrainMessages.DrainConnection.Instance);
        F.Client.ExpectNoMsg(Absence.Window);
        actor.Tell(DrainMessages.AbortConnection.Instance);

        Assert.Equal(MemberSocketEnd.Reset, leased.Member.ExpectEnd());
        F.Client.ExpectMsg<Tcp.Abort>();
        ExpectTerminated(actor);
        Assert.Equal(101, F.ExpectCompleted().StatusCode);
    }

    [Fact]
    public void SwitchingProtocolsWithoutUpgradeRequest_BadGateway()
    {
        // A 101 to a request that asked for no upgrade cannot be relayed: the member would speak another protocol.
        var actor = F.Start();
        var leased = F.SendAndLease(actor, "GET / HTTP/1.1\r\nHost: svc.test\r\n\r\n");
        leased.Member.ReadHead();

        leased.Member.Send(SwitchingHead);

        Assert.StartsWith("HTTP/1.1 502 ", Text(F.Client.ExpectMsg<Tcp.Write>()));
        Assert.False(F.ExpectRelease().Reusable);
    }

    [Fact]
    public void UpgradeWithBody_ForwardedAsAnOrdinaryRequest()
    {
        // Paralarva tunnels only bodiless upgrades (WebSocket handshakes are GETs, RFC 6455 section 4.1).
        var actor = F.Start();
        var leased = F.SendAndLease(actor,
            "POST / HTTP/1.1\r\nHost: svc.test\r\nConnection: Upgrade\r\nUpgrade: h2c\r\nContent-Length: 2\r\n\r\nhi");

        var forwarded = leased.Member.ReadRequest();
        Assert.DoesNotContain("Upgrade", forwarded);
        Assert.EndsWith("\r\n\r\nhi", forwarded);
    }

    [Fact]
    public void TunnelEndedByTheClient_TheMemberGetsItsLastBytesThenAFin()
    {
        const string Upgrade = "GET /chat HTTP/1.1\r\nHost: svc.test\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n";
        var actor = F.Start();
        Watch(actor);
        var leased = F.SendAndLease(actor, Upgrade);
        leased.Member.ReadHead();
        leased.Member.Send("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n");
        F.Client.ExpectMsg<Tcp.Write>();
        F.Client.ExpectMsg<Tcp.ResumeReading>();
        actor.Tell(ListenerMessages.ClientWriteAck.Instance);
        actor.Tell(Bytes("\x88\x00"));
        F.Client.ExpectMsg<Tcp.ResumeReading>();

        actor.Tell(Tcp.PeerClosed.Instance);

        Assert.Equal("\x88\x00", leased.Member.Read(2));
        Assert.Equal(MemberSocketEnd.Fin, leased.Member.ExpectEnd());
        ExpectTerminated(actor);
        Assert.Equal(101, F.ExpectCompleted().StatusCode);
    }
}
