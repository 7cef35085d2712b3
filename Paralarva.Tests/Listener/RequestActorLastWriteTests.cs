using Akka.Actor;
using Akka.IO;
using Paralarva.Actors.Listener;
using Paralarva.Tests.Common;
using static Paralarva.Tests.Listener.RequestActorFixture;

namespace Paralarva.Tests.Listener;

/// <summary>
/// The last piece of a small response on a connection kept for the next request goes to the client copied and without
/// an acknowledgement, so the exchange ends in the turn that writes it; everything else waits for its acknowledgement,
/// and so does the first write after 64 KiB sent without one, which keeps a client that stops reading in check.
/// </summary>
public sealed class RequestActorLastWriteTests : RequestActorTestKit
{
    [Fact]
    public void SmallResponse_WrittenWithoutAck_ConnectionReleasedAndNextRequestAskedAtOnce()
    {
        var actor = F.Start();
        var leased = F.SendAndLease(actor, Get);
        leased.Member.ReadHead();
        leased.Member.Send("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello");

        var write = F.Client.ExpectMsg<Tcp.Write>();
        Assert.False(write.WantsAck);
        Assert.EndsWith("\r\n\r\nhello", Text(write));
        F.Client.ExpectMsg<Tcp.ResumeReading>();
        // No acknowledgement was sent: the exchange ended with the write.
        var release = F.ExpectRelease();
        Assert.True(release.Reusable);
        Assert.Equal(200, F.ExpectCompleted().StatusCode);

        // The next request is served on the same connection.
        actor.Tell(Bytes("GET /2 HTTP/1.1\r\nHost: svc.test\r\n\r\n"));
        Lease(actor, F.ExpectAcquire(), leased);
        Assert.StartsWith("GET /2 ", leased.Member.ReadHead());
    }

    [Fact]
    public void SmallLastPieceInItsOwnRead_WrittenWithoutAck()
    {
        var actor = F.Start();
        var leased = F.SendAndLease(actor, Get);
        leased.Member.ReadHead();
        leased.Member.Send("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhello");
        Assert.True(F.Client.ExpectMsg<Tcp.Write>().WantsAck);

        leased.Member.Send("world");
        actor.Tell(ListenerMessages.ClientWriteAck.Instance);
        var last = F.Client.ExpectMsg<Tcp.Write>();
        Assert.False(last.WantsAck);
        Assert.Equal("world", Text(last));
        Assert.True(F.ExpectRelease().Reusable);
    }

    [Fact]
    public void LargeBody_LastWriteWaitsForItsAck()
    {
        var actor = F.Start();
        var leased = F.SendAndLease(actor, Get);
        leased.Member.ReadHead();
        // A fresh connection's first read takes 4 KiB, the next one the 12 KiB left: a last piece over 4 KiB, not copied.
        leased.Member.Send("HTTP/1.1 200 OK\r\nContent-Length: 16384\r\n\r\n" + new string('x', 16384));

        var last = F.ExpectLastResponseWrite(actor, 16384);
        Assert.True(last.WantsAck);
        Assert.True(last.Data.Count > 4096, $"the last piece held {last.Data.Count} bytes");
        F.Client.ExpectMsg<Tcp.ResumeReading>();
        F.Balancer.ExpectNoMsg(Absence.Window);
        actor.Tell(ListenerMessages.ClientWriteAck.Instance);
        Assert.True(F.ExpectRelease().Reusable);
    }

    [Fact]
    public void UnacknowledgedBytes_Over64KiB_NextLastWriteAsksForAnAck_WhichStartsTheCountAgain()
    {
        var actor = F.Start();
        var leased = F.SendAndLease(actor, Get);
        // One read of the member's 4 KiB holds the whole response: some 3 KiB to the client, 21 of them within 64 KiB.
        var response = "HTTP/1.1 200 OK\r\nContent-Length: 3000\r\n\r\n" + new string('x', 3000);
        var sentWithoutAck = 0;
        var acked = false;

        for (var i = 0; i < 30 && !acked; i++)
        {
            if (i > 0)
            {
                actor.Tell(Bytes(Get));
                Lease(actor, F.ExpectAcquire(), leased);
            }

            leased.Member.ReadHead();
            leased.Member.Send(response);
            var write = F.Client.ExpectMsg<Tcp.Write>();
            F.Client.ExpectMsg<Tcp.ResumeReading>();
            if (!write.WantsAck)
            {
                sentWithoutAck += write.Data.Count;
                Assert.True(sentWithoutAck <= 64 * 1024, $"{sentWithoutAck} bytes sent without an acknowledgement");
                Assert.True(F.ExpectRelease().Reusable);
                continue;
            }

            Assert.True(sentWithoutAck + write.Data.Count > 64 * 1024, $"an acknowledgement asked for after only {sentWithoutAck} bytes");
            F.Balancer.ExpectNoMsg(Absence.Window);
            actor.Tell(ListenerMessages.ClientWriteAck.Instance);
            Assert.True(F.ExpectRelease().Reusable);
            acked = true;
        }

        Assert.True(acked, "no acknowledgement asked for after 30 responses");
        // The acknowledgement accounted for every write before it: the next small response goes without one again.
        actor.Tell(Bytes(Get));
        Lease(actor, F.ExpectAcquire(), leased);
        leased.Member.ReadHead();
        leased.Member.Send(response);
        Assert.False(F.Client.ExpectMsg<Tcp.Write>().WantsAck);
    }
}
