using Akka.Actor;
using Akka.IO;
using Paralarva.Actors.Health;
using Paralarva.Actors.Http;
using Paralarva.Actors.Listener;
using Paralarva.Actors.Metrics;
using Paralarva.Actors.Proxy;
using Paralarva.Tests.Balancing;
using Paralarva.Tests.Common;
using static Paralarva.Actors.Balancing.BalancerMessages;
using static Paralarva.Tests.Listener.RequestActorFixture;

namespace Paralarva.Tests.Listener;

/// <summary>
/// Every retry decision of the RequestActor (issue 4, design "The data path"; RFC 9110 §9.2.2 idempotent
/// methods): a failed connect is always retried, a sent request only when idempotent, its body kept and
/// nothing of a response received; never on the member that failed; at most max_retries times. Keep-alive
/// races (a pooled connection the member closed as it was leased) are replayed within their own budget.
/// The member connections are real loopback sockets (<see cref="RequestActorFixture"/>).
/// </summary>
public sealed class RequestActorRetryTests : RequestActorTestKit
{
    private IActorRef Start(int maxRetries = 2, TimeSpan? timeout = null) =>
        F.Start(ProxyOptions.Default with { Timeout = timeout ?? TimeSpan.FromSeconds(10) }, maxRetries: maxRetries);

    private static void ConnectRefused(IActorRef actor, AcquireConnection acquire, LoopbackMember member) =>
        actor.Tell(new LeaseFailed(acquire.CorrelationId, ProxyError.MemberRefused, member.Name), member.Probe.Ref);

    private string ExpectRetryReason() => F.Metrics.FishForMessage<RequestRetried>(_ => true).Reason;

    [Fact]
    public void ConnectRefused_RetriedOnAnotherMember_ExcludingTheRefusingOne()
    {
        var b = F.AddMember("b");
        var actor = Start();
        actor.Tell(Bytes("GET /x HTTP/1.1\r\nHost: svc.test\r\n\r\n"));

        ConnectRefused(actor, F.ExpectAcquire(), F.A);

        var retry = F.ExpectAcquire();
        Assert.Equal(F.A.Probe.Ref, Assert.Single(retry.Excluded));
        var leased = F.Lease(actor, retry, b);
        Assert.StartsWith("GET /x ", leased.Member.ReadHead());
        leased.Member.Send("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
        Assert.StartsWith("HTTP/1.1 200 OK", Text(F.Client.ExpectMsg<Tcp.Write>()));
        Assert.Equal(RetryReasons.ConnectRefused, ExpectRetryReason());
    }

    [Fact]
    public void ConnectRefused_PostWithBody_AlwaysRetried()
    {
        // Nothing was sent: even a non-idempotent request is safe to send elsewhere.
        var b = F.AddMember("b");
        var actor = Start();
        actor.Tell(Bytes("POST /orders HTTP/1.1\r\nHost: svc.test\r\nContent-Length: 5\r\n\r\nhello"));

        ConnectRefused(actor, F.ExpectAcquire(), F.A);

        var written = F.Lease(actor, F.ExpectAcquire(), b).Member.ReadRequest();
        Assert.StartsWith("POST /orders ", written);
        Assert.EndsWith("\r\n\r\nhello", written);
    }

    [Fact]
    public void ConnectTimeout_Retried()
    {
        var b = F.AddMember("b");
        var actor = Start();
        actor.Tell(Bytes(Get));

        var acquire = F.ExpectAcquire();
        actor.Tell(new LeaseFailed(acquire.CorrelationId, ProxyError.MemberTimeout, F.A.Name), F.A.Probe.Ref);

        var retry = F.ExpectAcquire();
        Assert.Equal(F.A.Probe.Ref, Assert.Single(retry.Excluded));
        F.Lease(actor, retry, b).Member.ReadHead();
        Assert.Equal(RetryReasons.ConnectTimeout, ExpectRetryReason());
    }

    [Fact]
    public void ConnectRefused_RetriesExhausted_Answers502()
    {
        var members = new[] { F.A, F.AddMember("b"), F.AddMember("c") };
        var actor = Start(maxRetries: 2);
        actor.Tell(Bytes(Get));

        foreach (var member in members)
            ConnectRefused(actor, F.ExpectAcquire(), member);

        Assert.Contains("502", F.ExpectGatewayErrorAnswer(actor));
        F.Balancer.ExpectNoMsg(Absence.Window);
    }

    [Fact]
    public void ConnectRefused_NoRetriesConfigured_Answers502()
    {
        var actor = Start(maxRetries: 0);
        actor.Tell(Bytes(Get));

        ConnectRefused(actor, F.ExpectAcquire(), F.A);

        Assert.Contains("502", F.ExpectGatewayErrorAnswer(actor));
    }

    [Fact]
    public void Retry_NoOtherMember_AnswersTheOriginalFailureNot503()
    {
        var actor = Start();
        actor.Tell(Bytes(Get));
        ConnectRefused(actor, F.ExpectAcquire(), F.A);

        var retry = F.ExpectAcquire();
        actor.Tell(new LeaseFailed(retry.CorrelationId, ProxyError.NoMemberAvailable, null), F.Balancer.Ref);

        Assert.Contains("502 Bad Gateway", F.ExpectGatewayErrorAnswer(actor));
        // No member was left to try: no retry happened, none is counted.
        Assert.DoesNotContain(F.Metrics.ReceiveWhile(Absence.Window, m => m), m => m is RequestRetried);
    }

    [Fact]
    public void AllMembersDown_FirstAttempt_Answers503WithRetryAfter()
    {
        var actor = Start();
        actor.Tell(Bytes(Get));

        actor.Tell(new LeaseFailed(F.ExpectAcquire().CorrelationId, ProxyError.Ejected, null), F.Balancer.Ref);

        var answer = F.ExpectGatewayErrorAnswer(actor);
        Assert.StartsWith("HTTP/1.1 503 ", answer);
        Assert.Contains("Retry-After: 1\r\n", answer); // RFC 9110 §10.2.3
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("HEAD")]
    [InlineData("OPTIONS")]
    [InlineData("DELETE")]
    public void SentIdempotentRequest_MemberClosesBeforeAnswering_RetriedElsewhere(string method)
    {
        var b = F.AddMember("b");
        var actor = Start();
        actor.Tell(Bytes(method + " /r HTTP/1.1\r\nHost: svc.test\r\n\r\n"));
        var first = F.Lease(actor, F.ExpectAcquire());
        var sent = first.Member.ReadHead();

        first.Member.Close();

        var release = F.ExpectRelease();
        Assert.False(release.Reusable);
        Assert.Equal(ExchangeOutcome.Reset, release.Outcome);
        var retry = F.ExpectAcquire();
        Assert.Equal(F.A.Probe.Ref, Assert.Single(retry.Excluded));
        Assert.Equal(sent, F.Lease(actor, retry, b).Member.ReadHead());
        Assert.Equal(RetryReasons.Reset, ExpectRetryReason());
    }

    [Theory]
    [InlineData("POST")]
    [InlineData("PATCH")]
    public void SentNonIdempotentRequest_MemberClosesBeforeAnswering_Answers502NotRetried(string method)
    {
        var actor = Start();
        actor.Tell(Bytes(method + " /r HTTP/1.1\r\nHost: svc.test\r\nContent-Length: 2\r\n\r\nhi"));
        var leased = F.Lease(actor, F.ExpectAcquire());
        leased.Member.ReadRequest();

        leased.Member.Reset();

        Assert.Contains("502", F.ExpectGatewayErrorAnswer(actor));
        Assert.False(F.ExpectRelease().Reusable);
        F.Balancer.ExpectNoMsg(Absence.Window);
    }

    [Fact]
    public void SentPutWithSmallBody_MemberResets_RetriedWithTheSameBody()
    {
        var b = F.AddMember("b");
        var actor = Start();
        actor.Tell(Bytes("PUT /doc HTTP/1.1\r\nHost: svc.test\r\nContent-Length: 10\r\n\r\nhello"));
        var first = F.Lease(actor, F.ExpectAcquire());
        var head = first.Member.ReadHead();
        Assert.Equal("hello", first.Member.Read(5));
        F.Client.ExpectMsg<Tcp.ResumeReading>();
        actor.Tell(Bytes("world"));
        Assert.Equal("world", first.Member.Read(5));

        first.Member.Reset();

        Assert.False(F.ExpectRelease().Reusable);
        var resent = F.Lease(actor, F.ExpectAcquire(), b).Member.ReadRequest();
        Assert.Equal(head + "helloworld", resent);
    }

    [Fact]
    public void SentPutWithBodyBeyondTheReplayBuffer_MemberResets_Answers502NotRetried()
    {
        var actor = Start();
        var body = new string('x', 70 * 1024);
        actor.Tell(Bytes("PUT /big HTTP/1.1\r\nHost: svc.test\r\nContent-Length: " + body.Length + "\r\n\r\n" + body));
        var leased = F.Lease(actor, F.ExpectAcquire());
        leased.Member.ReadHead();
        leased.Member.Discard(body.Length);

        leased.Member.Reset();

        Assert.Contains("502", F.ExpectGatewayErrorAnswer(actor));
        Assert.False(F.ExpectRelease().Reusable);
        F.Balancer.ExpectNoMsg(Absence.Window);
    }

    [Fact]
    public void SentGet_ResponseAlreadyStarted_MemberCloses_NotRetried()
    {
        var actor = Start();
        var leased = F.SendAndLease(actor, Get);
        leased.Member.ReadHead();

        leased.Member.Send("HTTP/1.1 200 OK\r\nContent-Le");
        leased.Member.Close();

        Assert.Contains("502", F.ExpectGatewayErrorAnswer(actor));
        Assert.False(F.ExpectRelease().Reusable);
        F.Balancer.ExpectNoMsg(Absence.Window);
    }

    [Fact]
    public void SentGet_ResponseBodyRelayed_MemberCloses_AbortedNotRetried()
    {
        var actor = Start();
        var leased = F.SendAndLease(actor, Get);
        leased.Member.ReadHead();
        leased.Member.Send("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhel");
        F.Client.ExpectMsg<Tcp.Write>();

        leased.Member.Close();
        actor.Tell(ListenerMessages.ClientWriteAck.Instance);

        F.Client.ExpectMsg<Tcp.Abort>();
        Assert.False(F.ExpectRelease().Reusable);
        F.Balancer.ExpectNoMsg(Absence.Window);
    }

    [Fact]
    public void SentGet_NoResponseWithinTheTimeout_RetriedElsewhere()
    {
        var b = F.AddMember("b");
        var actor = Start(timeout: TimeSpan.FromMilliseconds(300));
        actor.Tell(Bytes("GET /slow HTTP/1.1\r\nHost: svc.test\r\n\r\n"));
        var first = F.Lease(actor, F.ExpectAcquire());
        first.Member.ReadHead();

        var release = F.ExpectRelease();
        Assert.False(release.Reusable);
        Assert.Equal(ExchangeOutcome.Timeout, release.Outcome);
        var retry = F.ExpectAcquire();
        Assert.Equal(F.A.Probe.Ref, Assert.Single(retry.Excluded));
        // The abandoned attempt's connection is closed: its late answer can reach no one.
        first.Member.ExpectEnd();
        var second = F.Lease(actor, retry, b);
        Assert.StartsWith("GET /slow ", second.Member.ReadHead());
        second.Member.Send("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nb");
        Assert.EndsWith("\r\n\r\nb", Text(F.Client.ExpectMsg<Tcp.Write>()));
        Assert.Equal(RetryReasons.Timeout, ExpectRetryReason());
    }

    [Fact]
    public void SentPost_NoResponseWithinTheTimeout_Answers504NotRetried()
    {
        var actor = Start(timeout: TimeSpan.FromMilliseconds(300));
        actor.Tell(Bytes("POST /slow HTTP/1.1\r\nHost: svc.test\r\nContent-Length: 1\r\n\r\nx"));
        F.Lease(actor, F.ExpectAcquire()).Member.ReadRequest();

        Assert.Contains("504", F.ExpectGatewayErrorAnswer(actor));
        Assert.Equal(ExchangeOutcome.Timeout, F.ExpectRelease().Outcome);
        F.Balancer.ExpectNoMsg(Absence.Window);
    }

    [Theory]
    [InlineData(200, ExchangeOutcome.Success)]
    [InlineData(404, ExchangeOutcome.Success)]
    [InlineData(503, ExchangeOutcome.ServerError)]
    public void ExchangeEnded_OutcomeCarriedOnTheRelease(int status, ExchangeOutcome expected)
    {
        var actor = Start();
        var leased = F.SendAndLease(actor, Get);
        leased.Member.ReadHead();

        leased.Member.Send("HTTP/1.1 " + status + " X\r\nContent-Length: 0\r\n\r\n");
        // A small response ends with its write, which asks for no acknowledgement.
        Assert.False(F.Client.ExpectMsg<Tcp.Write>().WantsAck);

        var release = F.ExpectRelease();
        Assert.True(release.Reusable);
        Assert.Equal(expected, release.Outcome);
    }

    [Fact]
    public void FirstAttempt_ExcludesNothing()
    {
        var actor = Start();
        actor.Tell(Bytes(Get));

        Assert.True(F.ExpectAcquire().Excluded.IsEmpty);
    }

    // ── keep-alive races: a pooled connection the member closed as it was leased ──────────────────

    [Fact]
    public void KeepAliveRace_PooledConnectionClosedJustAfterTheLease_GetReplayedWithoutBlame()
    {
        var actor = Start(maxRetries: 0);
        actor.Tell(Bytes("GET /k HTTP/1.1\r\nHost: svc.test\r\n\r\n"));
        var pooled = F.Lease(actor, F.ExpectAcquire(), reused: true);

        // The member's keep-alive timeout closed it as the request was on its way: the request is left unread.
        pooled.Member.WaitForData();
        pooled.Member.Close();

        var release = F.ExpectRelease();
        Assert.False(release.Reusable);
        Assert.Equal(ExchangeOutcome.Unknown, release.Outcome);
        // A replay, not a retry: the member is not excluded, and max_retries (0 here) is not spent.
        var replay = F.ExpectAcquire();
        Assert.True(replay.Excluded.IsEmpty);
        var fresh = F.Lease(actor, replay);
        Assert.StartsWith("GET /k ", fresh.Member.ReadHead());
        fresh.Member.Send("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
        Assert.EndsWith("ok", Text(F.Client.ExpectMsg<Tcp.Write>()));
        Assert.Equal(RetryReasons.KeepAliveRace, ExpectRetryReason());
    }

    [Fact]
    public void KeepAliveRace_PooledConnectionClosedJustAfterTheLease_PostMayHaveArrived_Answers502()
    {
        var actor = Start(maxRetries: 2);
        actor.Tell(Bytes("POST /k HTTP/1.1\r\nHost: svc.test\r\nContent-Length: 2\r\n\r\nhi"));
        var pooled = F.Lease(actor, F.ExpectAcquire(), reused: true);

        pooled.Member.WaitForData();
        pooled.Member.Close();

        Assert.Contains("502", F.ExpectGatewayErrorAnswer(actor));
        Assert.False(F.ExpectRelease().Reusable);
        F.Balancer.ExpectNoMsg(Absence.Window);
    }

    /// <summary>Nothing of the request was written, so even a POST is sent again (MemberClosed.BeforeWrite).</summary>
    [Theory]
    [InlineData("GET /k HTTP/1.1\r\nHost: svc.test\r\n\r\n")]
    [InlineData("POST /k HTTP/1.1\r\nHost: svc.test\r\nContent-Length: 2\r\n\r\nhi")]
    public void KeepAliveRace_PooledConnectionClosedAfterTheLeaseBeforeTheWrite_Replayed(string request)
    {
        var actor = Start(maxRetries: 0);
        actor.Tell(Bytes(request));
        var acquire = F.ExpectAcquire();
        var (connection, member) = F.A.Open(F.Balancer.Ref);
        Assert.True(connection.TryLease(actor));

        // The member closes it after the balancer leased it and before the lessee wrote anything: the
        // MemberClosed(BeforeWrite: true) may reach the actor before its ConnectionLeased.
        member.Close();
        AwaitCondition(() => connection.IsClosed, MemberSocket.Wait);
        actor.Tell(new ConnectionLeased(acquire.CorrelationId, connection, Reused: true));

        Assert.False(F.ExpectRelease().Reusable);
        var replay = F.ExpectAcquire();
        var replayed = F.Lease(actor, replay).Member.ReadRequest();
        Assert.StartsWith(request[..request.IndexOf('\r', StringComparison.Ordinal)], replayed, StringComparison.Ordinal);
        Assert.EndsWith(request[(request.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..], replayed, StringComparison.Ordinal);
    }

    [Fact]
    public void KeepAliveRace_ReplayBudgetSpent_Answers502()
    {
        // A member that restarted left every pooled connection dead: two replays, then the failure is answered.
        var actor = Start(maxRetries: 0);
        actor.Tell(Bytes(Get));

        for (var attempt = 0; attempt < 3; attempt++)
        {
            var pooled = F.Lease(actor, F.ExpectAcquire(), reused: true);
            pooled.Member.WaitForData();
            pooled.Member.Close();
            Assert.False(F.ExpectRelease().Reusable);
        }

        Assert.Contains("502", F.ExpectGatewayErrorAnswer(actor));
        F.Balancer.ExpectNoMsg(Absence.Window);
    }

    [Fact]
    public void NewConnectionClosedBeforeAnswering_NotAKeepAliveRace_MemberBlamed()
    {
        // Only a pooled connection can race with the member's keep-alive timeout: a new one closing blames the member.
        var actor = Start(maxRetries: 0);
        var leased = F.SendAndLease(actor, Get);
        leased.Member.WaitForData();

        leased.Member.Close();

        Assert.Contains("502", F.ExpectGatewayErrorAnswer(actor));
        Assert.Equal(ExchangeOutcome.Reset, F.ExpectRelease().Outcome);
        F.Balancer.ExpectNoMsg(Absence.Window);
    }
}
