using Akka.Actor;
using Akka.IO;
using Akka.TestKit.Xunit2;
using Paralarva.Actors.Listener;
using Paralarva.Tests.Common;
using static Paralarva.Tests.Listener.RequestActorFixture;

namespace Paralarva.Tests.Listener;

/// <summary>
/// The last piece of a small response on a connection kept for the next request goes to the client copied and without
/// an acknowledgement, so the exchange ends in the turn that writes it; everything else waits for its acknowledgement,
/// and so does the first write after 64 KiB sent without one, which keeps a client that stops reading in check.
/// </summary>
public sealed class RequestActorLastWriteTests : TestKit
{
    private const string Get = "GET / HTTP/1.1\r\nHost: svc.test\r\n\r\n";

    private readonly RequestActorFixture _f;

    public RequestActorLastWriteTests() => _f = new RequestActorFixture(this);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            _f.Dispose();
        base.Dispose(disposing);
    }

    [Fact]
    public void SmallResponse_WrittenWithoutAck_ConnectionReleasedAndNextRequestAskedAtOnce()
    {
        var actor = _f.Start();
        var leased = _f.SendAndLease(actor, Get);
        leased.Member.ReadHead();
        leased.Member.Send("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello");

        var write = _f.Client.ExpectMsg<Tcp.Write>();
        Assert.False(write.WantsAck);
        Assert.EndsWith("\r\n\r\nhello", Text(write));
        _f.Client.ExpectMsg<Tcp.ResumeReading>();
        // No acknowledgement was sent: the exchange ended with the write.
        var release = _f.ExpectRelease();
        Assert.True(release.Reusable);
        Assert.Equal(200, _f.ExpectCompleted().StatusCode);

        // The next request is served on the same connection.
        actor.Tell(Bytes("GET /2 HTTP/1.1\r\nHost: svc.test\r\n\r\n"));
        Lease(actor, _f.ExpectAcquire(), leased);
        Assert.StartsWith("GET /2 ", leased.Member.ReadHead());
    }

    [Fact]
    public void SmallLastPieceInItsOwnRead_WrittenWithoutAck()
    {
        var actor = _f.Start();
        var leased = _f.SendAndLease(actor, Get);
        leased.Member.ReadHead();
        leased.Member.Send("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhello");
        Assert.True(_f.Client.ExpectMsg<Tcp.Write>().WantsAck);

        leased.Member.Send("world");
        actor.Tell(ListenerMessages.ClientWriteAck.Instance);
        var last = _f.Client.ExpectMsg<Tcp.Write>();
        Assert.False(last.WantsAck);
        Assert.Equal("world", Text(last));
        Assert.True(_f.ExpectRelease().Reusable);
    }

    [Fact]
    public void LargeBody_LastWriteWaitsForItsAck()
    {
        var actor = _f.Start();
        var leased = _f.SendAndLease(actor, Get);
        leased.Member.ReadHead();
        // A fresh connection's first read takes 4 KiB, the next one the 12 KiB left: a last piece over 4 KiB, not copied.
        leased.Member.Send("HTTP/1.1 200 OK\r\nContent-Length: 16384\r\n\r\n" + new string('x', 16384));

        var last = _f.ExpectLastResponseWrite(actor, 16384);
        Assert.True(last.WantsAck);
        Assert.True(last.Data.Count > 4096, $"the last piece held {last.Data.Count} bytes");
        _f.Client.ExpectMsg<Tcp.ResumeReading>();
        _f.Balancer.ExpectNoMsg(Absence.Window);
        actor.Tell(ListenerMessages.ClientWriteAck.Instance);
        Assert.True(_f.ExpectRelease().Reusable);
    }

    [Fact]
    public void ConnectionClose_LastWriteWaitsForItsAck()
    {
        var actor = _f.Start();
        var leased = _f.SendAndLease(actor, "GET / HTTP/1.1\r\nHost: svc.test\r\nConnection: close\r\n\r\n");
        leased.Member.ReadHead();
        leased.Member.Send("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello");

        Assert.True(_f.Client.ExpectMsg<Tcp.Write>().WantsAck);
        _f.Balancer.ExpectNoMsg(Absence.Window);
        actor.Tell(ListenerMessages.ClientWriteAck.Instance);
        _f.ExpectRelease();
        _f.Client.ExpectMsg<Tcp.ConfirmedClose>();
    }

    [Fact]
    public void UnacknowledgedBytes_Over64KiB_NextLastWriteAsksForAnAck_WhichStartsTheCountAgain()
    {
        var actor = _f.Start();
        var leased = _f.SendAndLease(actor, Get);
        // One read of the member's 4 KiB holds the whole response: some 3 KiB to the client, 21 of them within 64 KiB.
        var response = "HTTP/1.1 200 OK\r\nContent-Length: 3000\r\n\r\n" + new string('x', 3000);
        var sentWithoutAck = 0;
        var acked = false;

        for (var i = 0; i < 30 && !acked; i++)
        {
            if (i > 0)
            {
                actor.Tell(Bytes(Get));
                Lease(actor, _f.ExpectAcquire(), leased);
            }

            leased.Member.ReadHead();
            leased.Member.Send(response);
            var write = _f.Client.ExpectMsg<Tcp.Write>();
            _f.Client.ExpectMsg<Tcp.ResumeReading>();
            if (!write.WantsAck)
            {
                sentWithoutAck += write.Data.Count;
                Assert.True(sentWithoutAck <= 64 * 1024, $"{sentWithoutAck} bytes sent without an acknowledgement");
                Assert.True(_f.ExpectRelease().Reusable);
                continue;
            }

            Assert.True(sentWithoutAck + write.Data.Count > 64 * 1024, $"an acknowledgement asked for after only {sentWithoutAck} bytes");
            _f.Balancer.ExpectNoMsg(Absence.Window);
            actor.Tell(ListenerMessages.ClientWriteAck.Instance);
            Assert.True(_f.ExpectRelease().Reusable);
            acked = true;
        }

        Assert.True(acked, "no acknowledgement asked for after 30 responses");
        // The acknowledgement accounted for every write before it: the next small response goes without one again.
        actor.Tell(Bytes(Get));
        Lease(actor, _f.ExpectAcquire(), leased);
        leased.Member.ReadHead();
        leased.Member.Send(response);
        Assert.False(_f.Client.ExpectMsg<Tcp.Write>().WantsAck);
    }
}
