using System.Net;
using System.Text;
using Akka.Actor;
using Akka.IO;
using Akka.TestKit;
using Akka.TestKit.Xunit2;
using Paralarva.Actors.Balancing;
using Paralarva.Actors.Config;
using Paralarva.Actors.Listener;
using Paralarva.Actors.Proxy;
using static Paralarva.Actors.Balancing.BalancerMessages;
using static Paralarva.Actors.Balancing.UpstreamMessages;

namespace Paralarva.Tests.Listener;

/// <summary>The RequestActor's state machine with probes standing in for both sockets and the balancer.</summary>
public sealed class RequestActorTests : TestKit
{
    private readonly TestProbe _client;
    private readonly TestProbe _balancer;
    private readonly TestProbe _connection;
    private readonly TestProbe _socket;
    private readonly TestProbe _member;
    private readonly UpstreamLease _lease;

    public RequestActorTests()
    {
        _client = CreateTestProbe("client");
        _balancer = CreateTestProbe("balancer");
        _connection = CreateTestProbe("connection");
        _socket = CreateTestProbe("socket");
        _member = CreateTestProbe("member");
        _lease = new UpstreamLease(_connection.Ref, _socket.Ref, _member.Ref, "svc", "127.0.0.1:9001");
    }

    /// <remarks>No retries by default: these tests are about one attempt (RequestActorRetryTests covers retries).</remarks>
    private IActorRef Start(ProxyOptions? options = null, LimitsConfig? limits = null, int maxRetries = 0)
    {
        var routes = new RouteTable([new("svc.test", new Route("svc", _balancer.Ref) { MaxRetries = maxRetries })]);
        var context = new ConnectionContext(new RouteTableHolder(routes), options ?? ProxyOptions.Default, limits ?? LimitsConfig.Default, CreateTestProbe("metrics").Ref);
        var actor = Sys.ActorOf(RequestActor.Props(_client.Ref, new IPEndPoint(IPAddress.Loopback, 40000), context));
        _client.ExpectMsg<Tcp.Register>();
        _client.ExpectMsg<Tcp.ResumeReading>();
        return actor;
    }

    private static Tcp.Received Bytes(string text) => new(ByteString.FromString(text, Encoding.Latin1));

    private static string Text(Tcp.Write write) => write.Data.ToString(Encoding.Latin1);

    private AcquireConnection ExpectAcquire() => _balancer.ExpectMsg<AcquireConnection>();

    /// <summary>Leases the probe connection and returns what the actor wrote to the member.</summary>
    private string Lease(IActorRef actor, AcquireConnection acquire)
    {
        actor.Tell(new ConnectionLeased(acquire.CorrelationId, _lease, Reused: false));
        _connection.ExpectMsg<Attach>();
        return Text(_socket.ExpectMsg<Tcp.Write>());
    }

    private string ExpectErrorAnswer()
    {
        var answer = Text(_client.ExpectMsg<Tcp.Write>());
        _client.ExpectMsg<Tcp.ConfirmedClose>();
        return answer;
    }

    [Fact]
    public void HeadInPieces_AsksForMoreThenForwardsWithForwardedFor()
    {
        var actor = Start();

        actor.Tell(Bytes("GET /a?b=1 HTT"));
        _client.ExpectMsg<Tcp.ResumeReading>();
        actor.Tell(Bytes("P/1.1\r\nHost: SVC.test:8080\r\nConne"));
        _client.ExpectMsg<Tcp.ResumeReading>();
        actor.Tell(Bytes("ction: keep-alive\r\n\r\n"));

        var forwarded = Lease(actor, ExpectAcquire());
        Assert.StartsWith("GET /a?b=1 HTTP/1.1\r\n", forwarded);
        Assert.Contains("X-Forwarded-For: 127.0.0.1\r\n", forwarded);
        Assert.DoesNotContain("Connection:", forwarded, StringComparison.OrdinalIgnoreCase);
        Assert.EndsWith("\r\n\r\n", forwarded);
    }

    [Fact]
    public void Response_RelayedWithBackpressure_ThenConnectionReleasedForReuse()
    {
        var actor = Start();
        actor.Tell(Bytes("GET / HTTP/1.1\r\nHost: svc.test\r\n\r\n"));
        Lease(actor, ExpectAcquire());
        actor.Tell(MemberWriteAck.Instance, _socket.Ref);

        actor.Tell(new MemberReceived(ByteString.FromString("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhello")), _connection.Ref);
        var head = Text(_client.ExpectMsg<Tcp.Write>());
        Assert.StartsWith("HTTP/1.1 200 OK\r\n", head);
        Assert.EndsWith("\r\n\r\nhello", head);
        // No more reading from the member until the client took the first piece; nor was a read asked for at the
        // lease: the pooled connection had one posted, which the first piece completed.
        _socket.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        actor.Tell(ListenerMessages.ClientWriteAck.Instance);
        _socket.ExpectMsg<Tcp.ResumeReading>();

        actor.Tell(new MemberReceived(ByteString.FromString("world")), _connection.Ref);
        Assert.Equal("world", Text(_client.ExpectMsg<Tcp.Write>()));
        actor.Tell(ListenerMessages.ClientWriteAck.Instance);

        Assert.True(_member.ExpectMsg<ReleaseConnection>().Reusable);
        _client.ExpectMsg<Tcp.ResumeReading>();
    }

    [Fact]
    public void RequestBody_ContentLength_StreamedWithAcks()
    {
        var actor = Start();
        actor.Tell(Bytes("POST /up HTTP/1.1\r\nHost: svc.test\r\nContent-Length: 10\r\n\r\nabcd"));

        var first = Lease(actor, ExpectAcquire());
        Assert.EndsWith("\r\n\r\nabcd", first);
        _client.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        actor.Tell(MemberWriteAck.Instance, _socket.Ref);
        _client.ExpectMsg<Tcp.ResumeReading>();

        actor.Tell(Bytes("efghij"));
        Assert.Equal("efghij", Text(_socket.ExpectMsg<Tcp.Write>()));
    }

    [Fact]
    public void PipelinedRequests_AnsweredInOrderWithoutExtraReads()
    {
        var actor = Start();
        actor.Tell(Bytes("GET /1 HTTP/1.1\r\nHost: svc.test\r\n\r\nGET /2 HTTP/1.1\r\nHost: svc.test\r\n\r\n"));

        Assert.StartsWith("GET /1 ", Lease(actor, ExpectAcquire()));
        actor.Tell(MemberWriteAck.Instance, _socket.Ref);
        actor.Tell(new MemberReceived(ByteString.FromString("HTTP/1.1 204 No Content\r\n\r\n")), _connection.Ref);
        _client.ExpectMsg<Tcp.Write>();
        actor.Tell(ListenerMessages.ClientWriteAck.Instance);
        _member.ExpectMsg<ReleaseConnection>();

        Assert.StartsWith("GET /2 ", Lease(actor, ExpectAcquire()));
    }

    [Fact]
    public void MalformedRequest_Answers400AndCloses()
    {
        var actor = Start();

        actor.Tell(Bytes("GET / HTTP/1.1\r\nHost: svc.test\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n"));

        Assert.Contains("400 Bad Request", ExpectErrorAnswer());
        _balancer.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public void UnknownHost_Answers400WithoutContactingMembers()
    {
        var actor = Start();

        actor.Tell(Bytes("GET / HTTP/1.1\r\nHost: other.test\r\n\r\n"));

        var answer = ExpectErrorAnswer();
        Assert.Contains("<h1>Error 400: Bad Request</h1>", answer);
        Assert.DoesNotContain("other.test", answer);
        _balancer.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public void HeadLargerThanLimit_Answers431()
    {
        var actor = Start(limits: LimitsConfig.Default with { MaxRequestHeadBytes = 1024 });

        actor.Tell(Bytes("GET / HTTP/1.1\r\nHost: svc.test\r\nX-Big: " + new string('a', 600)));
        _client.ExpectMsg<Tcp.ResumeReading>();
        actor.Tell(Bytes(new string('b', 600)));

        Assert.Contains("431", ExpectErrorAnswer());
    }

    [Fact]
    public void MemberRefused_Answers502()
    {
        var actor = Start();
        actor.Tell(Bytes("GET / HTTP/1.1\r\nHost: svc.test\r\n\r\n"));

        actor.Tell(new LeaseFailed(ExpectAcquire().CorrelationId, Actors.Http.ProxyError.MemberRefused, "127.0.0.1:9001"));

        Assert.Contains("<h1>Error 502: Bad Gateway</h1>", ExpectErrorAnswer());
    }

    [Fact]
    public void MemberClosesBeforeAnswering_Answers502AndDropsTheConnection()
    {
        var actor = Start();
        actor.Tell(Bytes("GET / HTTP/1.1\r\nHost: svc.test\r\n\r\n"));
        Lease(actor, ExpectAcquire());

        actor.Tell(MemberClosed.GracefulInstance, _connection.Ref);

        Assert.Contains("502", ExpectErrorAnswer());
        Assert.False(_member.ExpectMsg<ReleaseConnection>().Reusable);
    }

    [Fact]
    public void MemberSilent_Answers504AfterTheTimeout()
    {
        var actor = Start(ProxyOptions.Default with { Timeout = TimeSpan.FromMilliseconds(300) });
        actor.Tell(Bytes("GET / HTTP/1.1\r\nHost: svc.test\r\n\r\n"));
        Lease(actor, ExpectAcquire());

        Assert.Contains("<h1>Error 504: Gateway Timeout</h1>", ExpectErrorAnswer());
        Assert.False(_member.ExpectMsg<ReleaseConnection>().Reusable);
    }

    [Fact]
    public void DryRun_Answers200WithoutContactingMembers()
    {
        var actor = Start(ProxyOptions.Default with { DryRun = true });

        actor.Tell(Bytes("GET / HTTP/1.1\r\nHost: svc.test\r\n\r\n"));

        Assert.Contains("<h1>200 OK (dry-run)</h1>", Text(_client.ExpectMsg<Tcp.Write>()));
        actor.Tell(ListenerMessages.ClientWriteAck.Instance);
        _client.ExpectMsg<Tcp.ResumeReading>();
        _balancer.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public void ResponseWithConnectionClose_ClosesClientAfterRelaying()
    {
        var actor = Start();
        actor.Tell(Bytes("GET / HTTP/1.1\r\nHost: svc.test\r\n\r\n"));
        Lease(actor, ExpectAcquire());
        actor.Tell(MemberWriteAck.Instance, _socket.Ref);

        actor.Tell(new MemberReceived(ByteString.FromString("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\npart")), _connection.Ref);
        Assert.EndsWith("part", Text(_client.ExpectMsg<Tcp.Write>()));
        actor.Tell(ListenerMessages.ClientWriteAck.Instance);
        _socket.ExpectMsg<Tcp.ResumeReading>();
        actor.Tell(MemberClosed.GracefulInstance, _connection.Ref);

        Assert.False(_member.ExpectMsg<ReleaseConnection>().Reusable);
        _client.ExpectMsg<Tcp.ConfirmedClose>();
    }
}
