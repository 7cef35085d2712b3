using System.Net;
using System.Text;
using Akka.Actor;
using Akka.IO;
using Akka.TestKit;
using Akka.TestKit.Xunit2;
using Paralarva.Actors.Balancing;
using Paralarva.Actors.Config;
using Paralarva.Actors.Health;
using Paralarva.Actors.Http;
using Paralarva.Actors.Listener;
using Paralarva.Actors.Metrics;
using Paralarva.Actors.Proxy;
using static Paralarva.Actors.Balancing.BalancerMessages;
using static Paralarva.Actors.Balancing.UpstreamMessages;

namespace Paralarva.Tests.Listener;

/// <summary>
/// Every retry decision of the RequestActor (issue 4, design "The data path"; RFC 9110 §9.2.2 idempotent
/// methods): a failed connect is always retried, a sent request only when idempotent, its body kept and
/// nothing of a response received; never on the member that failed; at most max_retries times.
/// </summary>
public sealed class RequestActorRetryTests : TestKit
{
    private readonly TestProbe _client;
    private readonly TestProbe _balancer;
    private readonly TestProbe _metrics;

    public RequestActorRetryTests()
    {
        _client = CreateTestProbe("client");
        _balancer = CreateTestProbe("balancer");
        _metrics = CreateTestProbe("metrics");
    }

    /// <summary>One member with its probes: the MemberActor, the connection actor and the socket.</summary>
    private sealed class FakeMember
    {
        public FakeMember(TestKit kit, string name)
        {
            Member = kit.CreateTestProbe("member-" + name);
            Connection = kit.CreateTestProbe("conn-" + name);
            Socket = kit.CreateTestProbe("socket-" + name);
            Lease = new UpstreamLease(Connection.Ref, Socket.Ref, Member.Ref, "svc", name);
        }

        public TestProbe Member { get; }

        public TestProbe Connection { get; }

        public TestProbe Socket { get; }

        public UpstreamLease Lease { get; }
    }

    private IActorRef Start(int maxRetries = 2, TimeSpan? timeout = null)
    {
        var routes = new RouteTable([new("svc.test", new Route("svc", _balancer.Ref) { MaxRetries = maxRetries })]);
        var options = ProxyOptions.Default with { Timeout = timeout ?? TimeSpan.FromSeconds(10) };
        var context = new ConnectionContext(new RouteTableHolder(routes), options, LimitsConfig.Default, _metrics.Ref);
        var actor = Sys.ActorOf(RequestActor.Props(_client.Ref, new IPEndPoint(IPAddress.Loopback, 40000), context));
        _client.ExpectMsg<Tcp.Register>();
        _client.ExpectMsg<Tcp.ResumeReading>();
        return actor;
    }

    private static Tcp.Received Bytes(string text) => new(ByteString.FromString(text, Encoding.Latin1));

    private static string Text(Tcp.Write write) => write.Data.ToString(Encoding.Latin1);

    /// <summary>Leases <paramref name="member"/> for <paramref name="acquire"/>; returns what was written to it.</summary>
    private static string Lease(IActorRef actor, AcquireConnection acquire, FakeMember member, bool reused = false)
    {
        actor.Tell(new ConnectionLeased(acquire.CorrelationId, member.Lease, reused));
        member.Connection.ExpectMsg<Attach>();
        return Text(member.Socket.ExpectMsg<Tcp.Write>());
    }

    private static void Answer(IActorRef actor, FakeMember member, string response)
    {
        actor.Tell(MemberWriteAck.Instance, member.Socket.Ref);
        actor.Tell(new MemberReceived(ByteString.FromString(response)), member.Connection.Ref);
    }

    private string ExpectErrorAnswer()
    {
        var answer = Text(_client.ExpectMsg<Tcp.Write>());
        _client.ExpectMsg<Tcp.ConfirmedClose>();
        return answer;
    }

    private void ConnectRefused(IActorRef actor, AcquireConnection acquire, FakeMember member) =>
        actor.Tell(new LeaseFailed(acquire.CorrelationId, ProxyError.MemberRefused, member.Lease.MemberName), member.Member.Ref);

    [Fact]
    public void ConnectRefused_RetriedOnAnotherMember_ExcludingTheRefusingOne()
    {
        var a = new FakeMember(this, "a");
        var b = new FakeMember(this, "b");
        var actor = Start();
        actor.Tell(Bytes("GET /x HTTP/1.1\r\nHost: svc.test\r\n\r\n"));

        ConnectRefused(actor, _balancer.ExpectMsg<AcquireConnection>(), a);

        var retry = _balancer.ExpectMsg<AcquireConnection>();
        Assert.Equal(a.Member.Ref, Assert.Single(retry.Excluded));
        Assert.StartsWith("GET /x ", Lease(actor, retry, b));
        Answer(actor, b, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
        Assert.StartsWith("HTTP/1.1 200 OK", Text(_client.ExpectMsg<Tcp.Write>()));
        var retried = _metrics.FishForMessage<RequestRetried>(_ => true);
        Assert.Equal(RetryReasons.ConnectRefused, retried.Reason);
    }

    [Fact]
    public void ConnectRefused_PostWithBody_AlwaysRetried()
    {
        // Nothing was sent: even a non-idempotent request is safe to send elsewhere.
        var a = new FakeMember(this, "a");
        var b = new FakeMember(this, "b");
        var actor = Start();
        actor.Tell(Bytes("POST /orders HTTP/1.1\r\nHost: svc.test\r\nContent-Length: 5\r\n\r\nhello"));

        ConnectRefused(actor, _balancer.ExpectMsg<AcquireConnection>(), a);

        var written = Lease(actor, _balancer.ExpectMsg<AcquireConnection>(), b);
        Assert.StartsWith("POST /orders ", written);
        Assert.EndsWith("\r\n\r\nhello", written);
    }

    [Fact]
    public void ConnectTimeout_Retried()
    {
        var a = new FakeMember(this, "a");
        var actor = Start();
        actor.Tell(Bytes("GET / HTTP/1.1\r\nHost: svc.test\r\n\r\n"));

        var acquire = _balancer.ExpectMsg<AcquireConnection>();
        actor.Tell(new LeaseFailed(acquire.CorrelationId, ProxyError.MemberTimeout, a.Lease.MemberName), a.Member.Ref);

        var retry = _balancer.ExpectMsg<AcquireConnection>();
        Assert.Equal(a.Member.Ref, Assert.Single(retry.Excluded));
        Lease(actor, retry, new FakeMember(this, "b"));
        Assert.Equal(RetryReasons.ConnectTimeout, _metrics.FishForMessage<RequestRetried>(_ => true).Reason);
    }

    [Fact]
    public void ConnectRefused_RetriesExhausted_Answers502()
    {
        var members = new[] { new FakeMember(this, "a"), new FakeMember(this, "b"), new FakeMember(this, "c") };
        var actor = Start(maxRetries: 2);
        actor.Tell(Bytes("GET / HTTP/1.1\r\nHost: svc.test\r\n\r\n"));

        foreach (var member in members)
            ConnectRefused(actor, _balancer.ExpectMsg<AcquireConnection>(), member);

        Assert.Contains("502", ExpectErrorAnswer());
        _balancer.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public void ConnectRefused_NoRetriesConfigured_Answers502()
    {
        var actor = Start(maxRetries: 0);
        actor.Tell(Bytes("GET / HTTP/1.1\r\nHost: svc.test\r\n\r\n"));

        ConnectRefused(actor, _balancer.ExpectMsg<AcquireConnection>(), new FakeMember(this, "a"));

        Assert.Contains("502", ExpectErrorAnswer());
    }

    [Fact]
    public void Retry_NoOtherMember_AnswersTheOriginalFailureNot503()
    {
        var actor = Start();
        actor.Tell(Bytes("GET / HTTP/1.1\r\nHost: svc.test\r\n\r\n"));
        ConnectRefused(actor, _balancer.ExpectMsg<AcquireConnection>(), new FakeMember(this, "a"));

        var retry = _balancer.ExpectMsg<AcquireConnection>();
        actor.Tell(new LeaseFailed(retry.CorrelationId, ProxyError.NoMemberAvailable, null), _balancer.Ref);

        Assert.Contains("502 Bad Gateway", ExpectErrorAnswer());
        // No member was left to try: no retry happened, none is counted.
        Assert.DoesNotContain(_metrics.ReceiveWhile(TimeSpan.FromMilliseconds(300), m => m), m => m is RequestRetried);
    }

    [Fact]
    public void AllMembersDown_FirstAttempt_Answers503WithRetryAfter()
    {
        var actor = Start();
        actor.Tell(Bytes("GET / HTTP/1.1\r\nHost: svc.test\r\n\r\n"));

        actor.Tell(new LeaseFailed(_balancer.ExpectMsg<AcquireConnection>().CorrelationId, ProxyError.Ejected, null), _balancer.Ref);

        var answer = ExpectErrorAnswer();
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
        var a = new FakeMember(this, "a");
        var b = new FakeMember(this, "b");
        var actor = Start();
        actor.Tell(Bytes(method + " /r HTTP/1.1\r\nHost: svc.test\r\n\r\n"));
        var first = Lease(actor, _balancer.ExpectMsg<AcquireConnection>(), a);

        actor.Tell(MemberClosed.ErrorInstance, a.Connection.Ref);

        var release = a.Member.ExpectMsg<ReleaseConnection>();
        Assert.False(release.Reusable);
        Assert.Equal(ExchangeOutcome.Reset, release.Outcome);
        var retry = _balancer.ExpectMsg<AcquireConnection>();
        Assert.Equal(a.Member.Ref, Assert.Single(retry.Excluded));
        Assert.Equal(first, Lease(actor, retry, b));
        Assert.Equal(RetryReasons.Reset, _metrics.FishForMessage<RequestRetried>(_ => true).Reason);
    }

    [Theory]
    [InlineData("POST")]
    [InlineData("PATCH")]
    public void SentNonIdempotentRequest_MemberClosesBeforeAnswering_Answers502NotRetried(string method)
    {
        var a = new FakeMember(this, "a");
        var actor = Start();
        actor.Tell(Bytes(method + " /r HTTP/1.1\r\nHost: svc.test\r\nContent-Length: 2\r\n\r\nhi"));
        Lease(actor, _balancer.ExpectMsg<AcquireConnection>(), a);

        actor.Tell(MemberClosed.ErrorInstance, a.Connection.Ref);

        Assert.Contains("502", ExpectErrorAnswer());
        _balancer.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public void SentPutWithSmallBody_MemberResets_RetriedWithTheSameBody()
    {
        var a = new FakeMember(this, "a");
        var b = new FakeMember(this, "b");
        var actor = Start();
        actor.Tell(Bytes("PUT /doc HTTP/1.1\r\nHost: svc.test\r\nContent-Length: 10\r\n\r\nhello"));
        var first = Lease(actor, _balancer.ExpectMsg<AcquireConnection>(), a);
        actor.Tell(MemberWriteAck.Instance, a.Socket.Ref);
        _client.ExpectMsg<Tcp.ResumeReading>();
        actor.Tell(Bytes("world"));
        Assert.Equal("world", Text(a.Socket.ExpectMsg<Tcp.Write>()));

        actor.Tell(MemberClosed.ErrorInstance, a.Connection.Ref);

        var resent = Lease(actor, _balancer.ExpectMsg<AcquireConnection>(), b);
        Assert.Equal(first + "world", resent);
        Assert.EndsWith("\r\n\r\nhelloworld", resent);
    }

    [Fact]
    public void SentPutWithBodyBeyondTheReplayBuffer_MemberResets_Answers502NotRetried()
    {
        var a = new FakeMember(this, "a");
        var actor = Start();
        var body = new string('x', 70 * 1024);
        actor.Tell(Bytes("PUT /big HTTP/1.1\r\nHost: svc.test\r\nContent-Length: " + body.Length + "\r\n\r\n" + body));
        Lease(actor, _balancer.ExpectMsg<AcquireConnection>(), a);

        actor.Tell(MemberClosed.ErrorInstance, a.Connection.Ref);

        Assert.Contains("502", ExpectErrorAnswer());
        _balancer.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public void SentGet_ResponseAlreadyStarted_MemberCloses_NotRetried()
    {
        var a = new FakeMember(this, "a");
        var actor = Start();
        actor.Tell(Bytes("GET / HTTP/1.1\r\nHost: svc.test\r\n\r\n"));
        Lease(actor, _balancer.ExpectMsg<AcquireConnection>(), a);
        Answer(actor, a, "HTTP/1.1 200 OK\r\nContent-Le");

        actor.Tell(MemberClosed.ErrorInstance, a.Connection.Ref);

        Assert.Contains("502", ExpectErrorAnswer());
        _balancer.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public void SentGet_ResponseBodyRelayed_MemberCloses_AbortedNotRetried()
    {
        var a = new FakeMember(this, "a");
        var actor = Start();
        actor.Tell(Bytes("GET / HTTP/1.1\r\nHost: svc.test\r\n\r\n"));
        Lease(actor, _balancer.ExpectMsg<AcquireConnection>(), a);
        Answer(actor, a, "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhel");
        _client.ExpectMsg<Tcp.Write>();

        actor.Tell(MemberClosed.ErrorInstance, a.Connection.Ref);

        _client.ExpectMsg<Tcp.Abort>();
        _balancer.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public void SentGet_NoResponseWithinTheTimeout_RetriedElsewhere()
    {
        var a = new FakeMember(this, "a");
        var b = new FakeMember(this, "b");
        var actor = Start(timeout: TimeSpan.FromMilliseconds(300));
        actor.Tell(Bytes("GET /slow HTTP/1.1\r\nHost: svc.test\r\n\r\n"));
        Lease(actor, _balancer.ExpectMsg<AcquireConnection>(), a);
        actor.Tell(MemberWriteAck.Instance, a.Socket.Ref);

        var release = a.Member.ExpectMsg<ReleaseConnection>();
        Assert.Equal(ExchangeOutcome.Timeout, release.Outcome);
        var retry = _balancer.ExpectMsg<AcquireConnection>();
        Assert.Equal(a.Member.Ref, Assert.Single(retry.Excluded));
        Lease(actor, retry, b);
        // The first member's late answer belongs to an abandoned attempt and is not relayed.
        actor.Tell(new MemberReceived(ByteString.FromString("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\na")), a.Connection.Ref);
        Answer(actor, b, "HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nb");
        Assert.EndsWith("\r\n\r\nb", Text(_client.ExpectMsg<Tcp.Write>()));
    }

    [Fact]
    public void SentPost_NoResponseWithinTheTimeout_Answers504NotRetried()
    {
        var a = new FakeMember(this, "a");
        var actor = Start(timeout: TimeSpan.FromMilliseconds(300));
        actor.Tell(Bytes("POST /slow HTTP/1.1\r\nHost: svc.test\r\nContent-Length: 1\r\n\r\nx"));
        Lease(actor, _balancer.ExpectMsg<AcquireConnection>(), a);
        actor.Tell(MemberWriteAck.Instance, a.Socket.Ref);

        Assert.Contains("504", ExpectErrorAnswer());
        _balancer.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }

    [Theory]
    [InlineData(200, ExchangeOutcome.Success)]
    [InlineData(404, ExchangeOutcome.Success)]
    [InlineData(503, ExchangeOutcome.ServerError)]
    public void ExchangeEnded_OutcomeCarriedOnTheRelease(int status, ExchangeOutcome expected)
    {
        var a = new FakeMember(this, "a");
        var actor = Start();
        actor.Tell(Bytes("GET / HTTP/1.1\r\nHost: svc.test\r\n\r\n"));
        Lease(actor, _balancer.ExpectMsg<AcquireConnection>(), a);

        Answer(actor, a, "HTTP/1.1 " + status + " X\r\nContent-Length: 0\r\n\r\n");
        _client.ExpectMsg<Tcp.Write>();
        actor.Tell(ListenerMessages.ClientWriteAck.Instance);

        var release = a.Member.ExpectMsg<ReleaseConnection>();
        Assert.True(release.Reusable);
        Assert.Equal(expected, release.Outcome);
    }

    [Fact]
    public void FirstAttempt_ExcludesNothing()
    {
        var actor = Start();
        actor.Tell(Bytes("GET / HTTP/1.1\r\nHost: svc.test\r\n\r\n"));

        Assert.True(_balancer.ExpectMsg<AcquireConnection>().Excluded.IsEmpty);
    }
}
