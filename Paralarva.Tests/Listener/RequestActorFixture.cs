using System.Net;
using System.Text;
using Akka.Actor;
using Akka.IO;
using Akka.TestKit;
using Paralarva.Actors.Balancing;
using Paralarva.Actors.Config;
using Paralarva.Actors.Listener;
using Paralarva.Actors.Metrics;
using Paralarva.Actors.Proxy;
using Paralarva.Tests.Balancing;
using static Paralarva.Actors.Balancing.BalancerMessages;

namespace Paralarva.Tests.Listener;

/// <summary>
/// One RequestActor under test. Probes stand in for the client's Akka.IO connection, the route's BalancerActor
/// (which also gets the member connections' releases, as in the proxy) and the MetricsActor; the member side is
/// real: a <see cref="MemberConnection"/> over loopback to a <see cref="LoopbackMember"/> whose end the test reads
/// and writes. A lease is made as the balancer makes it: <see cref="MemberConnection.TryLease"/>, then
/// <see cref="ConnectionLeased"/>.
/// </summary>
internal sealed class RequestActorFixture : IDisposable
{
    public const string Host = "svc.test";

    private readonly TestKitBase _kit;
    private readonly List<LoopbackMember> _members = [];

    public RequestActorFixture(TestKitBase kit)
    {
        _kit = kit;
        Client = kit.CreateTestProbe("client");
        Balancer = kit.CreateTestProbe("balancer");
        Metrics = kit.CreateTestProbe("metrics");
        A = AddMember("a");
    }

    public TestProbe Client { get; }

    /// <summary>The route's balancer: lease requests, and the releases of the connections the fixture opened.</summary>
    public TestProbe Balancer { get; }

    public TestProbe Metrics { get; }

    /// <summary>The first member; retry tests add others.</summary>
    public LoopbackMember A { get; }

    public LoopbackMember AddMember(string label)
    {
        var member = new LoopbackMember(_kit, label);
        _members.Add(member);
        return member;
    }

    /// <param name="maxRetries">The route's max_retries; none by default (RequestActorRetryTests sets it).</param>
    public IActorRef Start(
        ProxyOptions? options = null, LimitsConfig? limits = null, int maxRetries = 0, TimeoutsConfig? timeouts = null,
        TimeSpan? tunnelIdleTimeout = null, ExchangePartsPool? partsPool = null)
    {
        var routes = new RouteTable([new(Host, new Route("svc", Balancer.Ref) { MaxRetries = maxRetries })]);
        var context = new ConnectionContext(new RouteTableHolder(routes), options ?? ProxyOptions.Default, limits ?? LimitsConfig.Default, Metrics.Ref)
        {
            Timeouts = timeouts ?? TimeoutsConfig.Default,
            TunnelIdleTimeout = tunnelIdleTimeout ?? ConnectionContext.DefaultTunnelIdleTimeout,
            PartsPool = partsPool ?? ExchangePartsPool.Shared,
        };
        var actor = _kit.Sys.ActorOf(RequestActor.Props(Client.Ref, new IPEndPoint(IPAddress.Loopback, 40000), context));
        Client.ExpectMsg<Tcp.Register>();
        Client.ExpectMsg<Tcp.ResumeReading>();
        return actor;
    }

    public static Tcp.Received Bytes(string text) => new(ByteString.FromString(text, Encoding.Latin1));

    public static string Text(Tcp.Write write) => write.Data.ToString(Encoding.Latin1);

    public AcquireConnection ExpectAcquire() => Balancer.ExpectMsg<AcquireConnection>();

    public ReleaseConnection ExpectRelease() => Balancer.ExpectMsg<ReleaseConnection>();

    /// <summary>The first completed request of the next metrics batch (sent 100 ms after it, or when the actor stops).</summary>
    public RequestCompleted ExpectCompleted() => Metrics.FishForMessage<RequestsCompleted>(_ => true).Requests[0];

    /// <summary>Opens a new connection to <paramref name="member"/> (A by default) and leases it for <paramref name="acquire"/>.</summary>
    /// <param name="reused">What the lease says: true for a pooled connection, where a keep-alive race is possible.</param>
    public LeasedConnection Lease(IActorRef actor, AcquireConnection acquire, LoopbackMember? member = null, bool reused = false)
    {
        var (connection, socket) = (member ?? A).Open(Balancer.Ref);
        return Lease(actor, acquire, new LeasedConnection(connection, socket), reused);
    }

    /// <summary>Leases <paramref name="pooled"/> (released before, or just opened) for <paramref name="acquire"/>.</summary>
    public static LeasedConnection Lease(IActorRef actor, AcquireConnection acquire, LeasedConnection pooled, bool reused = true)
    {
        Assert.True(pooled.Connection.TryLease(actor), "the connection closed before its lease");
        actor.Tell(new ConnectionLeased(acquire.CorrelationId, pooled.Connection, reused));
        return pooled;
    }

    /// <summary>Sends <paramref name="request"/> from the client and leases a new connection to A for it.</summary>
    public LeasedConnection SendAndLease(IActorRef actor, string request)
    {
        actor.Tell(Bytes(request));
        return Lease(actor, ExpectAcquire());
    }

    /// <summary>
    /// The client writes of a response whose body is <paramref name="bodyLength"/> bytes, which the member's reads may
    /// split: every write but the last is acknowledged; the last one is returned, not acknowledged.
    /// </summary>
    public Tcp.Write ExpectLastResponseWrite(IActorRef actor, int bodyLength)
    {
        var text = string.Empty;
        for (var writes = 1; writes <= 64; writes++)
        {
            var write = Client.ExpectMsg<Tcp.Write>();
            text += Text(write);
            var headEnd = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (headEnd >= 0 && text.Length - headEnd - 4 == bodyLength)
                return write;
            Assert.True(write.WantsAck, "a write before the response's last one went without an acknowledgement");
            actor.Tell(ListenerMessages.ClientWriteAck.Instance);
        }

        throw new InvalidOperationException("the response did not end within 64 writes");
    }

    /// <summary>
    /// The proxy's own 502/503/504 for a request it had read whole: without <c>Connection: close</c>, and once the client
    /// acknowledged it, the connection asks for the next request instead of closing (as nginx and HAProxy keep it).
    /// </summary>
    public string ExpectGatewayErrorAnswer(IActorRef actor)
    {
        var write = Client.ExpectMsg<Tcp.Write>();
        var answer = Text(write);
        Assert.DoesNotContain("Connection: close", answer, StringComparison.OrdinalIgnoreCase);
        Assert.True(write.WantsAck, "the answer went without an acknowledgement");
        actor.Tell(ListenerMessages.ClientWriteAck.Instance);
        Client.ExpectMsg<Tcp.ResumeReading>();
        return answer;
    }

    /// <summary>The proxy's own error page, then the client connection closed.</summary>
    public string ExpectErrorAnswer()
    {
        var answer = Text(Client.ExpectMsg<Tcp.Write>());
        Client.ExpectMsg<Tcp.ConfirmedClose>();
        return answer;
    }

    public void Dispose()
    {
        foreach (var member in _members)
            member.Dispose();
    }
}
