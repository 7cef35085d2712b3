using Akka.Actor;
using Akka.IO;
using Akka.TestKit.Xunit2;
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
public sealed class RequestActorRetryTests : TestKit
{
    private const string Get = "GET / HTTP/1.1\r\nHost: svc.test\r\n\r\n";

    private readonly RequestActorFixture _f;

    public RequestActorRetryTests() => _f = new RequestActorFixture(this);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            _f.Dispose();
        base.Dispose(disposing);
    }

    private IActorRef Start(int maxRetries = 2, TimeSpan? timeout = null) =>
        _f.Start(ProxyOptions.Default with { Timeout = timeout ?? TimeSpan.FromSeconds(10) }, maxRetries: maxRetries);

    private static void ConnectRefused(IActorRef actor, AcquireConnection acquire, LoopbackMember member) =>
        actor.Tell(new LeaseFailed(acquire.CorrelationId, ProxyError.MemberRefused, member.Name), member.Probe.Ref);

    private string ExpectRetryReason() => _f.Metrics.FishForMessage<RequestRetried>(_ => true).Reason;

    [Fact]
    public void ConnectRefused_RetriedOnAnotherMember_ExcludingTheRefusingOne()
    {
        var b = _f.AddMember("b");
        var actor = Start();
        actor.Tell(Bytes("GET /x HTTP/1.1\r\nHost: svc.test\r\n\r\n"));

        ConnectRefused(actor, _f.ExpectAcquire(), _f.A);

        var retry = _f.ExpectAcquire();
        Assert.Equal(_f.A.Probe.Ref, Assert.Single(retry.Excluded));
        var leased = _f.Lease(actor, retry, b);
        Assert.StartsWith("GET /x ", leased.Member.ReadHead());
        leased.Member.Send("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
        Assert.StartsWith("HTTP/1.1 200 OK", Text(_f.Client.ExpectMsg<Tcp.Write>()));
        Assert.Equal(RetryReasons.ConnectRefused, ExpectRetryReason());
    }

    [Fact]
    public void ConnectRefused_PostWithBody_AlwaysRetried()
    {
        // Nothing was sent: even a non-idempotent request is safe to send elsewhere.
        var b = _f.AddMember("b");
        var actor = Start();
        actor.Tell(Bytes("POST /orders HTTP/1.1\r\nHost: svc.test\r\nContent-Length: 5\r\n\r\nhello"));

        ConnectRefused(actor, _f.ExpectAcquire(), _f.A);

        var written = _f.Lease(actor, _f.ExpectAcquire(), b).Member.ReadRequest();
        Assert.StartsWith("POST /orders ", written);
        Assert.EndsWith("\r\n\r\nhello", written);
    }

    [Fact]
    public void ConnectTimeout_Retried()
    {
        var b = _f.AddMember("b");
        var actor = Start();
        actor.Tell(Bytes(Get));

        var acquire = _f.ExpectAcquire();
        actor.Tell(new LeaseFailed(acquire.CorrelationId, ProxyError.MemberTimeout, _f.A.Name), _f.A.Probe.Ref);

        var retry = _f.ExpectAcquire();
        Assert.Equal(_f.A.Probe.Ref, Assert.Single(retry.Excluded));
        _f.Lease(actor, retry, b).Member.ReadHead();
        Assert.Equal(RetryReasons.ConnectTimeout, ExpectRetryReason());
    }

    [Fact]
    public void ConnectRefused_RetriesExhausted_Answers502()
    {
        var members = new[] { _f.A, _f.AddMember("b"), _f.AddMember("c") };
        var actor = Start(maxRetries: 2);
        actor.Tell(Bytes(Get));

        foreach (var member in members)
            ConnectRefused(actor, _f.ExpectAcquire(), member);

        Assert.Contains("502", _f.ExpectErrorAnswer());
        _f.Balancer.ExpectNoMsg(Absence.Window);
    }

    [Fact]
    public void ConnectRefused_NoRetriesConfigured_Answers502()
    {
        var actor = Start(maxRetries: 0);
        actor.Tell(Bytes(Get));

        ConnectRefused(actor, _f.ExpectAcquire(), _f.A);

        Assert.Contains("502", _f.ExpectErrorAnswer());
    }

    [Fact]
    public void Retry_NoOtherMember_AnswersTheOriginalFailureNot503()
    {
        var actor = Start();
        actor.Tell(Bytes(Get));
        ConnectRefused(actor, _f.ExpectAcquire(), _f.A);

        var retry = _f.ExpectAcquire();
        actor.Tell(new LeaseFailed(retry.CorrelationId, ProxyError.NoMemberAvailable, null), _f.Balancer.Ref);

        Assert.Contains("502 Bad Gateway", _f.ExpectErrorAnswer());
        // No member was left to try: no retry happened, none is counted.
        Assert.DoesNotContain(_f.Metrics.ReceiveWhile(Absence.Window, m => m), m => m is RequestRetried);
    }

    [Fact]
    public void AllMembersDown_FirstAttempt_Answers503WithRetryAfter()
    {
        var actor = Start();
        actor.Tell(Bytes(Get));

        actor.Tell(new LeaseFailed(_f.ExpectAcquire().CorrelationId, ProxyError.Ejected, null), _f.Balancer.Ref);

        var answer = _f.ExpectErrorAnswer();
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
        var b = _f.AddMember("b");
        var actor = Start();
        actor.Tell(Bytes(method + " /r HTTP/1.1\r\nHost: svc.test\r\n\r\n"));
        var first = _f.Lease(actor, _f.ExpectAcquire());
        var sent = first.Member.ReadHead();

        first.Member.Close();

        var release = _f.ExpectRelease();
        Assert.False(release.Reusable);
        Assert.Equal(ExchangeOutcome.Reset, release.Outcome);
        var retry = _f.ExpectAcquire();
        Assert.Equal(_f.A.Probe.Ref, Assert.Single(retry.Excluded));
        Assert.Equal(sent, _f.Lease(actor, retry, b).Member.ReadHead());
        Assert.Equal(RetryReasons.Reset, ExpectRetryReason());
    }

    [Theory]
    [InlineData("POST")]
    [InlineData("PATCH")]
    public void SentNonIdempotentRequest_MemberClosesBeforeAnswering_Answers502NotRetried(string method)
    {
        var actor = Start();
        actor.Tell(Bytes(method + " /r HTTP/1.1\r\nHost: svc.test\r\nContent-Length: 2\r\n\r\nhi"));
        var leased = _f.Lease(actor, _f.ExpectAcquire());
        leased.Member.ReadRequest();

        leased.Member.Reset();

        Assert.Contains("502", _f.ExpectErrorAnswer());
        Assert.False(_f.ExpectRelease().Reusable);
        _f.Balancer.ExpectNoMsg(Absence.Window);
    }

    [Fact]
    public void SentPutWithSmallBody_MemberResets_RetriedWithTheSameBody()
    {
        var b = _f.AddMember("b");
        var actor = Start();
        actor.Tell(Bytes("PUT /doc HTTP/1.1\r\nHost: svc.test\r\nContent-Length: 10\r\n\r\nhello"));
        var first = _f.Lease(actor, _f.ExpectAcquire());
        var head = first.Member.ReadHead();
        Assert.Equal("hello", first.Member.Read(5));
        _f.Client.ExpectMsg<Tcp.ResumeReading>();
        actor.Tell(Bytes("world"));
        Assert.Equal("world", first.Member.Read(5));

        first.Member.Reset();

        Assert.False(_f.ExpectRelease().Reusable);
        var resent = _f.Lease(actor, _f.ExpectAcquire(), b).Member.ReadRequest();
        Assert.Equal(head + "helloworld", resent);
    }

    [Fact]
    public void SentPutWithBodyBeyondTheReplayBuffer_MemberResets_Answers502NotRetried()
    {
        var actor = Start();
        var body = new string('x', 70 * 1024);
        actor.Tell(Bytes("PUT /big HTTP/1.1\r\nHost: svc.test\r\nContent-Length: " + body.Length + "\r\n\r\n" + body));
        var leased = _f.Lease(actor, _f.ExpectAcquire());
        leased.Member.ReadHead();
        leased.Member.Discard(body.Length);

        leased.Member.Reset();

        Assert.Contains("502", _f.ExpectErrorAnswer());
        Assert.False(_f.ExpectRelease().Reusable);
        _f.Balancer.ExpectNoMsg(Absence.Window);
    }

    [Fact]
    public void SentGet_ResponseAlreadyStarted_MemberCloses_NotRetried()
    {
        var actor = Start();
        var leased = _f.SendAndLease(actor, Get);
        leased.Member.ReadHead();

        leased.Member.Send("HTTP/1.1 200 OK\r\nContent-Le");
        leased.Member.Close();

        Assert.Contains("502", _f.ExpectErrorAnswer());
        Assert.False(_f.ExpectRelease().Reusable);
        _f.Balancer.ExpectNoMsg(Absence.Window);
    }

    [Fact]
    public void SentGet_ResponseBodyRelayed_MemberCloses_AbortedNotRetried()
    {
        var actor = Start();
        var leased = _f.SendAndLease(actor, Get);
        leased.Member.ReadHead();
        leased.Member.Send("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhel");
        _f.Client.ExpectMsg<Tcp.Write>();

        leased.Member.Close();
        actor.Tell(ListenerMessages.ClientWriteAck.Instance);

        _f.Client.ExpectMsg<Tcp.Abort>();
        Assert.False(_f.ExpectRelease().Reusable);
        _f.Balancer.ExpectNoMsg(Absence.Window);
    }

    [Fact]
    public void SentGet_NoResponseWithinTheTimeout_RetriedElsewhere()
    {
        var b = _f.AddMember("b");
        var actor = Start(timeout: TimeSpan.FromMilliseconds(300));
        actor.Tell(Bytes("GET /slow HTTP/1.1\r\nHost: svc.test\r\n\r\n"));
        var first = _f.Lease(actor, _f.ExpectAcquire());
        first.Member.ReadHead();

        var release = _f.ExpectRelease();
        Assert.False(release.Reusable);
        Assert.Equal(ExchangeOutcome.Timeout, release.Outcome);
        var retry = _f.ExpectAcquire();
        Assert.Equal(_f.A.Probe.Ref, Assert.Single(retry.Excluded));
        // The abandoned attempt's connection is closed: its late answer can reach no one.
        first.Member.ExpectEnd();
        var second = _f.Lease(actor, retry, b);
        Assert.StartsWith("GET /slow ", second.Member.ReadHead());
        second.Member.Send("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nb");
        Assert.EndsWith("\r\n\r\nb", Text(_f.Client.ExpectMsg<Tcp.Write>()));
        Assert.Equal(RetryReasons.Timeout, ExpectRetryReason());
    }

    [Fact]
    public void SentPost_NoResponseWithinTheTimeout_Answers504NotRetried()
    {
        var actor = Start(timeout: TimeSpan.FromMilliseconds(300));
        actor.Tell(Bytes("POST /slow HTTP/1.1\r\nHost: svc.test\r\nContent-Length: 1\r\n\r\nx"));
        _f.Lease(actor, _f.ExpectAcquire()).Member.ReadRequest();

        Assert.Contains("504", _f.ExpectErrorAnswer());
        Assert.Equal(ExchangeOutcome.Timeout, _f.ExpectRelease().Outcome);
        _f.Balancer.ExpectNoMsg(Absence.Window);
    }

    [Theory]
    [InlineData(200, ExchangeOutcome.Success)]
    [InlineData(404, ExchangeOutcome.Success)]
    [InlineData(503, ExchangeOutcome.ServerError)]
    public void ExchangeEnded_OutcomeCarriedOnTheRelease(int status, ExchangeOutcome expected)
    {
        var actor = Start();
        var leased = _f.SendAndLease(actor, Get);
        leased.Member.ReadHead();

        leased.Member.Send("HTTP/1.1 " + status + " X\r\nContent-Length: 0\r\n\r\n");
        _f.Client.ExpectMsg<Tcp.Write>();
        actor.Tell(ListenerMessages.ClientWriteAck.Instance);

        var release = _f.ExpectRelease();
        Assert.True(release.Reusable);
        Assert.Equal(expected, release.Outcome);
    }

    [Fact]
    public void FirstAttempt_ExcludesNothing()
    {
        var actor = Start();
        actor.Tell(Bytes(Get));

        Assert.True(_f.ExpectAcquire().Excluded.IsEmpty);
    }

    // ── keep-alive races: a pooled connection the member closed as it was leased ──────────────────

    [Fact]
    public void KeepAliveRace_PooledConnectionClosedJustAfterTheLease_GetReplayedWithoutBlame()
    {
        var actor = Start(maxRetries: 0);
        actor.Tell(Bytes("GET /k HTTP/1.1\r\nHost: svc.test\r\n\r\n"));
        var pooled = _f.Lease(actor, _f.ExpectAcquire(), reused: true);

        // The member's keep-alive timeout closed it as the request was on its way: the request is left unread.
        pooled.Member.WaitForData();
        pooled.Member.Close();

        var release = _f.ExpectRelease();
        Assert.False(release.Reusable);
        Assert.Equal(ExchangeOutcome.Unknown, release.Outcome);
        // A replay, not a retry: the member is not excluded, and max_retries (0 here) is not spent.
        var replay = _f.ExpectAcquire();
        Assert.True(replay.Excluded.IsEmpty);
        var fresh = _f.Lease(actor, replay);
        Assert.StartsWith("GET /k ", fresh.Member.ReadHead());
        fresh.Member.Send("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
        Assert.EndsWith("ok", Text(_f.Client.ExpectMsg<Tcp.Write>()));
        Assert.Equal(RetryReasons.KeepAliveRace, ExpectRetryReason());
    }

    [Fact]
    public void KeepAliveRace_PooledConnectionClosedJustAfterTheLease_PostMayHaveArrived_Answers502()
    {
        var actor = Start(maxRetries: 2);
        actor.Tell(Bytes("POST /k HTTP/1.1\r\nHost: svc.test\r\nContent-Length: 2\r\n\r\nhi"));
        var pooled = _f.Lease(actor, _f.ExpectAcquire(), reused: true);

        pooled.Member.WaitForData();
        pooled.Member.Close();

        Assert.Contains("502", _f.ExpectErrorAnswer());
        Assert.False(_f.ExpectRelease().Reusable);
        _f.Balancer.ExpectNoMsg(Absence.Window);
    }

    /// <summary>Nothing of the request was written, so even a POST is sent again (MemberClosed.BeforeWrite).</summary>
    [Theory]
    [InlineData("GET /k HTTP/1.1\r\nHost: svc.test\r\n\r\n")]
    [InlineData("POST /k HTTP/1.1\r\nHost: svc.test\r\nContent-Length: 2\r\n\r\nhi")]
    public void KeepAliveRace_PooledConnectionClosedAfterTheLeaseBeforeTheWrite_Replayed(string request)
    {
        var actor = Start(maxRetries: 0);
        actor.Tell(Bytes(request));
        var acquire = _f.ExpectAcquire();
        var (connection, member) = _f.A.Open(_f.Balancer.Ref);
        Assert.True(connection.TryLease(actor));

        // The member closes it after the balancer leased it and before the lessee wrote anything: the
        // MemberClosed(BeforeWrite: true) may reach the actor before its ConnectionLeased.
        member.Close();
        AwaitCondition(() => connection.IsClosed, MemberSocket.Wait);
        actor.Tell(new ConnectionLeased(acquire.CorrelationId, connection, Reused: true));

        Assert.False(_f.ExpectRelease().Reusable);
        var replay = _f.ExpectAcquire();
        var replayed = _f.Lease(actor, replay).Member.ReadRequest();
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
            var pooled = _f.Lease(actor, _f.ExpectAcquire(), reused: true);
            pooled.Member.WaitForData();
            pooled.Member.Close();
            Assert.False(_f.ExpectRelease().Reusable);
        }

        Assert.Contains("502", _f.ExpectErrorAnswer());
        _f.Balancer.ExpectNoMsg(Absence.Window);
    }

    [Fact]
    public void NewConnectionClosedBeforeAnswering_NotAKeepAliveRace_MemberBlamed()
    {
        // Only a pooled connection can race with the member's keep-alive timeout: a new one closing blames the member.
        var actor = Start(maxRetries: 0);
        var leased = _f.SendAndLease(actor, Get);
        leased.Member.WaitForData();

        leased.Member.Close();

        Assert.Contains("502", _f.ExpectErrorAnswer());
        Assert.Equal(ExchangeOutcome.Reset, _f.ExpectRelease().Outcome);
        _f.Balancer.ExpectNoMsg(Absence.Window);
    }
}
