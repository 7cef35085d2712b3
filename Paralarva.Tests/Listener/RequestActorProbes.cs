using System.Net;
using System.Text;
using Akka.Actor;
using Akka.IO;
using Akka.TestKit;
using Paralarva.Actors.Balancing;
using Paralarva.Actors.Config;
using Paralarva.Actors.Listener;
using Paralarva.Actors.Proxy;
using static Paralarva.Actors.Balancing.BalancerMessages;
using static Paralarva.Actors.Balancing.UpstreamMessages;

namespace Paralarva.Tests.Listener;

/// <summary>A RequestActor with probes standing in for both sockets, the balancer, the member and the metrics.</summary>
internal sealed class RequestActorProbes
{
    private readonly TestKitBase _kit;

    public RequestActorProbes(TestKitBase kit)
    {
        _kit = kit;
        Client = kit.CreateTestProbe("client");
        Balancer = kit.CreateTestProbe("balancer");
        Connection = kit.CreateTestProbe("connection");
        Socket = kit.CreateTestProbe("socket");
        Member = kit.CreateTestProbe("member");
        Metrics = kit.CreateTestProbe("metrics");
        Lease = new UpstreamLease(Connection.Ref, Socket.Ref, Member.Ref, "svc", "127.0.0.1:9001");
    }

    public TestProbe Client { get; }
    public TestProbe Balancer { get; }
    public TestProbe Connection { get; }
    public TestProbe Socket { get; }
    public TestProbe Member { get; }
    public TestProbe Metrics { get; }
    public UpstreamLease Lease { get; }

    public IActorRef Start(TimeSpan? tunnelIdleTimeout = null)
    {
        var routes = new RouteTable([new("svc.test", new Route("svc", Balancer.Ref))]);
        var context = new ConnectionContext(new RouteTableHolder(routes), ProxyOptions.Default, LimitsConfig.Default, Metrics.Ref)
        {
            TunnelIdleTimeout = tunnelIdleTimeout ?? ConnectionContext.DefaultTunnelIdleTimeout,
        };
        var actor = _kit.Sys.ActorOf(RequestActor.Props(Client.Ref, new IPEndPoint(IPAddress.Loopback, 40000), context));
        Client.ExpectMsg<Tcp.Register>();
        Client.ExpectMsg<Tcp.ResumeReading>();
        return actor;
    }

    public static Tcp.Received Bytes(string text) => new(ByteString.FromString(text, Encoding.Latin1));

    public static MemberReceived MemberBytes(string text) => new(ByteString.FromString(text, Encoding.Latin1));

    public static string Text(Tcp.Write write) => write.Data.ToString(Encoding.Latin1);

    /// <summary>Sends <paramref name="request"/>, leases the probe connection, acks the write; returns what the member got.</summary>
    public string SendAndLease(IActorRef actor, string request)
    {
        actor.Tell(Bytes(request));
        var acquire = Balancer.ExpectMsg<AcquireConnection>();
        actor.Tell(new ConnectionLeased(acquire.CorrelationId, Lease, Reused: false));
        Connection.ExpectMsg<Attach>();
        var written = Text(Socket.ExpectMsg<Tcp.Write>());
        actor.Tell(MemberWriteAck.Instance, Socket.Ref);
        return written;
    }
}
