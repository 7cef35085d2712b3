using Akka.Actor;
using Akka.IO;
using Paralarva.Actors.Config;
using Paralarva.Actors.Http;
using Paralarva.Actors.Listener;
using Paralarva.Actors.Proxy;
using Paralarva.Tests.Balancing;
using Paralarva.Tests.Common;
using static Paralarva.Actors.Balancing.BalancerMessages;
using static Paralarva.Actors.Balancing.MemberConnectionMessages;
using static Paralarva.Tests.Listener.RequestActorFixture;

namespace Paralarva.Tests.Listener;

/// <summary>
/// The RequestActor's state machine: probes for the client connection and the balancer, a real member
/// connection over loopback (<see cref="RequestActorFixture"/>). One attempt per request (RequestActorRetryTests covers retries).
/// </summary>
public sealed class RequestActorTests : RequestActorTestKit
{
    [Fact]
    public void HeadInPieces_AsksForMoreThenForwardsWithForwardedFor()
    {
        var actor = F.Start();

        actor.Tell(Bytes("GET /a?b=1 HTT"));
        F.Client.ExpectMsg<Tcp.ResumeReading>();
        actor.Tell(Bytes("P/1.1\r\nHost: SVC.test:8080\r\nConne"));
        F.Client.ExpectMsg<Tcp.ResumeReading>();
        actor.Tell(Bytes("ction: keep-alive\r\n\r\n"));

        var forwarded = F.Lease(actor, F.ExpectAcquire()).Member.ReadHead();
        Assert.StartsWith("GET /a?b=1 HTTP/1.1\r\n", forwarded);
        Assert.Contains("X-Forwarded-For: 127.0.0.1\r\n", forwarded);
        Assert.DoesNotContain("Connection:", forwarded, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Response_RelayedWithBackpressure_ThenConnectionReleasedForReuse()
    {
        var actor = F.Start();
        var leased = F.SendAndLease(actor, Get);
        leased.Member.ReadHead();

        // No read was asked for: the lease's first read follows the response's first bytes by itself.
        leased.Member.Send("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhello");
        var head = Text(F.Client.ExpectMsg<Tcp.Write>());
        Assert.StartsWith("HTTP/1.1 200 OK\r\n", head);
        Assert.EndsWith("\r\n\r\nhello", head);
        // The member is not read again until the client took the first piece.
        leased.Member.Send("world");
        F.Client.ExpectNoMsg(Absence.Window);
        actor.Tell(ListenerMessages.ClientWriteAck.Instance);
        // The small last piece is copied and goes without an acknowledgement: the exchange ends with it.
        var last = F.Client.ExpectMsg<Tcp.Write>();
        Assert.Equal("world", Text(last));
        Assert.False(last.WantsAck);

        var release = F.ExpectRelease();
        Assert.True(release.Reusable);
        Assert.Same(leased.Connection, release.Connection);
        Assert.False(leased.Connection.IsClosed);
        F.Client.ExpectMsg<Tcp.ResumeReading>();
    }

    [Fact]
    public void LastResponseWrite_NextRequestAskedForWithIt_BytesBeforeTheAckServedAfterIt()
    {
        var actor = F.Start();
        var leased = F.SendAndLease(actor, Get);
        leased.Member.ReadHead();
        // A body whose last piece is too large to copy (RequestActorLastWriteTests): its last write waits for an acknowledgement.
        var body = new string('x', 16384);
        leased.Member.Send("HTTP/1.1 200 OK\r\nContent-Length: 16384\r\n\r\n" + body);

        // The response's last write and the read of the next request go out together, before the write's ack.
        Assert.True(F.ExpectLastResponseWrite(actor, body.Length).WantsAck);
        F.Client.ExpectMsg<Tcp.ResumeReading>();

        // The next request arrives before that ack: it waits until the exchange has finished.
        actor.Tell(Bytes("GET /2 HTTP/1.1\r\nHost: svc.test\r\n\r\n"));
        actor.Tell(ListenerMessages.ClientWriteAck.Instance);
        Assert.True(F.ExpectRelease().Reusable);
        Lease(actor, F.ExpectAcquire(), leased);
        Assert.StartsWith("GET /2 ", leased.Member.ReadHead());
        // Already read: the client is not asked again for it.
        F.Client.ExpectNoMsg(Absence.Window);
    }

    [Fact]
    public void LastResponseWrite_ConnectionClose_ClientNotAskedForMore()
    {
        var actor = F.Start();
        var leased = F.SendAndLease(actor, "GET / HTTP/1.1\r\nHost: svc.test\r\nConnection: close\r\n\r\n");
        leased.Member.ReadHead();
        leased.Member.Send("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello");

        // A response the connection closes after waits for its acknowledgement, small or not.
        var last = F.Client.ExpectMsg<Tcp.Write>();
        Assert.EndsWith("\r\n\r\nhello", Text(last));
        Assert.True(last.WantsAck);
        F.Balancer.ExpectNoMsg(Absence.Window);
        actor.Tell(ListenerMessages.ClientWriteAck.Instance);
        F.ExpectRelease();
        // The next command is the close: nothing asked the client for another request.
        F.Client.ExpectMsg<Tcp.ConfirmedClose>();
    }

    [Fact]
    public void RequestBody_ContentLength_StreamedWithAcks()
    {
        var actor = F.Start();
        actor.Tell(Bytes("POST /up HTTP/1.1\r\nHost: svc.test\r\nContent-Length: 10\r\n\r\nabcd"));

        var member = F.Lease(actor, F.ExpectAcquire()).Member;
        Assert.StartsWith("POST /up ", member.ReadHead());
        Assert.Equal("abcd", member.Read(4));
        // The kernel took the write at once: the client is asked for the rest.
        F.Client.ExpectMsg<Tcp.ResumeReading>();

        actor.Tell(Bytes("efghij"));
        Assert.Equal("efghij", member.Read(6));
    }

    [Fact]
    public void RequestBody_MemberSlowToTakeIt_ClientReadAgainOnlyOnceTheWriteCompletes()
    {
        const int Piece = 32 * 1024 * 1024;
        var actor = F.Start();
        var head = "PUT /big HTTP/1.1\r\nHost: svc.test\r\nContent-Length: " + (Piece + 4) + "\r\n\r\n";
        actor.Tell(new Tcp.Received(ByteString.FromString(head, System.Text.Encoding.Latin1).Concat(ByteString.FromBytes(new byte[Piece]))));

        var member = F.Lease(actor, F.ExpectAcquire()).Member;
        // More than the loopback socket buffers hold: the write waits for the member to read.
        F.Client.ExpectNoMsg(Absence.Window);
        Assert.StartsWith("PUT /big ", member.ReadHead());
        member.Discard(Piece);

        F.Client.ExpectMsg<Tcp.ResumeReading>(MemberSocket.Wait);
        actor.Tell(Bytes("tail"));
        Assert.Equal("tail", member.Read(4));
    }

    [Fact]
    public void PipelinedRequests_AnsweredInOrderWithoutExtraReads()
    {
        var actor = F.Start();
        actor.Tell(Bytes("GET /1 HTTP/1.1\r\nHost: svc.test\r\n\r\nGET /2 HTTP/1.1\r\nHost: svc.test\r\n\r\n"));

        var leased = F.Lease(actor, F.ExpectAcquire());
        Assert.StartsWith("GET /1 ", leased.Member.ReadHead());
        leased.Member.Send("HTTP/1.1 204 No Content\r\n\r\n");
        // No body: the head alone is the small last piece, written without an acknowledgement.
        Assert.False(F.Client.ExpectMsg<Tcp.Write>().WantsAck);
        Assert.True(F.ExpectRelease().Reusable);

        // The second request was read with the first: it goes out without asking the client for more.
        Lease(actor, F.ExpectAcquire(), leased);
        Assert.StartsWith("GET /2 ", leased.Member.ReadHead());
        F.Client.ExpectNoMsg(Absence.Window);
    }

    [Fact]
    public void MalformedRequest_Answers400AndCloses()
    {
        var actor = F.Start();

        actor.Tell(Bytes("GET / HTTP/1.1\r\nHost: svc.test\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n"));

        Assert.Contains("400 Bad Request", F.ExpectErrorAnswer());
        F.Balancer.ExpectNoMsg(Absence.Window);
    }

    [Fact]
    public void UnknownHost_Answers400WithoutContactingMembers()
    {
        var actor = F.Start();

        actor.Tell(Bytes("GET / HTTP/1.1\r\nHost: other.test\r\n\r\n"));

        var answer = F.ExpectErrorAnswer();
        Assert.Contains("<h1>Error 400: Bad Request</h1>", answer);
        Assert.DoesNotContain("other.test", answer);
        F.Balancer.ExpectNoMsg(Absence.Window);
    }

    [Fact]
    public void HeadLargerThanLimit_Answers431()
    {
        var actor = F.Start(limits: LimitsConfig.Default with { MaxRequestHeadBytes = 1024 });

        actor.Tell(Bytes("GET / HTTP/1.1\r\nHost: svc.test\r\nX-Big: " + new string('a', 600)));
        F.Client.ExpectMsg<Tcp.ResumeReading>();
        actor.Tell(Bytes(new string('b', 600)));

        Assert.Contains("431", F.ExpectErrorAnswer());
    }

    [Fact]
    public void MemberRefused_Answers502()
    {
        var actor = F.Start();
        actor.Tell(Bytes(Get));

        actor.Tell(new LeaseFailed(F.ExpectAcquire().CorrelationId, ProxyError.MemberRefused, F.A.Name), F.A.Probe.Ref);

        Assert.Contains("<h1>Error 502: Bad Gateway</h1>", F.ExpectGatewayErrorAnswer(actor));
    }

    [Fact]
    public void MemberClosesBeforeAnswering_Answers502AndDropsTheConnection()
    {
        var actor = F.Start();
        var leased = F.SendAndLease(actor, Get);
        leased.Member.ReadHead();

        leased.Member.Close();

        Assert.Contains("502", F.ExpectGatewayErrorAnswer(actor));
        Assert.False(F.ExpectRelease().Reusable);
        Assert.Same(leased.Connection, F.A.Probe.ExpectMsg<Closed>().Connection);
    }

    [Fact]
    public void MemberResetsBeforeAnswering_Answers502AndDropsTheConnection()
    {
        var actor = F.Start();
        var leased = F.SendAndLease(actor, Get);
        leased.Member.ReadHead();

        leased.Member.Reset();

        Assert.Contains("502", F.ExpectGatewayErrorAnswer(actor));
        Assert.False(F.ExpectRelease().Reusable);
        Assert.True(leased.Connection.IsClosed);
    }

    [Fact]
    public void MemberResets_TheKeptAnswerAwaitsItsAck_TheResponseDeadlineIsOver()
    {
        // The 502 ended the exchange: the member's response deadline, passing while the client has not yet taken the
        // answer, must neither retry the request nor abort the connection.
        var actor = F.Start(ProxyOptions.Default with { Timeout = TimeSpan.FromMilliseconds(200) });
        var leased = F.SendAndLease(actor, Get);
        leased.Member.ReadHead();
        leased.Member.Reset();
        Assert.Contains("502", Text(F.Client.ExpectMsg<Tcp.Write>()));
        Assert.False(F.ExpectRelease().Reusable);

        F.Client.ExpectNoMsg(Absence.Window);
        F.Balancer.ExpectNoMsg(TimeSpan.Zero);

        actor.Tell(ListenerMessages.ClientWriteAck.Instance);
        F.Client.ExpectMsg<Tcp.ResumeReading>();
    }

    [Fact]
    public void MemberSilent_Answers504AfterTheTimeout()
    {
        var actor = F.Start(ProxyOptions.Default with { Timeout = TimeSpan.FromMilliseconds(300) });
        var leased = F.SendAndLease(actor, Get);
        leased.Member.ReadHead();

        Assert.Contains("<h1>Error 504: Gateway Timeout</h1>", F.ExpectGatewayErrorAnswer(actor));
        Assert.False(F.ExpectRelease().Reusable);
        leased.Member.ExpectEnd();
    }

    [Fact]
    public void ClientSilentMidBody_Answers408AndDropsTheMemberConnection()
    {
        var actor = F.Start(timeouts: TimeoutsConfig.Default with { BodyIdle = TimeSpan.FromMilliseconds(300) });
        actor.Tell(Bytes("POST /up HTTP/1.1\r\nHost: svc.test\r\nContent-Length: 10\r\n\r\nabc"));
        var leased = F.Lease(actor, F.ExpectAcquire());
        leased.Member.ReadHead();
        Assert.Equal("abc", leased.Member.Read(3));
        F.Client.ExpectMsg<Tcp.ResumeReading>();

        Assert.StartsWith("HTTP/1.1 408 ", F.ExpectErrorAnswer());
        Assert.False(F.ExpectRelease().Reusable);
        leased.Member.ExpectEnd();
    }

    [Fact]
    public void DryRun_Answers200WithoutContactingMembers()
    {
        var actor = F.Start(ProxyOptions.Default with { DryRun = true });

        actor.Tell(Bytes(Get));

        Assert.Contains("<h1>200 OK (dry-run)</h1>", Text(F.Client.ExpectMsg<Tcp.Write>()));
        actor.Tell(ListenerMessages.ClientWriteAck.Instance);
        F.Client.ExpectMsg<Tcp.ResumeReading>();
        F.Balancer.ExpectNoMsg(Absence.Window);
    }

    [Fact]
    public void ResponseWithConnectionClose_ClosesClientAfterRelaying()
    {
        var actor = F.Start();
        var leased = F.SendAndLease(actor, Get);
        leased.Member.ReadHead();

        leased.Member.Send("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\npart");
        Assert.EndsWith("part", Text(F.Client.ExpectMsg<Tcp.Write>()));
        leased.Member.Close();
        actor.Tell(ListenerMessages.ClientWriteAck.Instance);

        Assert.False(F.ExpectRelease().Reusable);
        F.Client.ExpectMsg<Tcp.ConfirmedClose>();
    }
}
