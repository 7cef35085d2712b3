using System.Net;
using System.Text;
using Akka.Actor;
using Akka.IO;
using Akka.TestKit;
using Akka.TestKit.Xunit2;
using Paralarva.Actors.Balancing;
using Paralarva.Actors.Config;
using Paralarva.Actors.Http;
using Paralarva.Actors.Listener;
using Paralarva.Actors.Metrics;
using Paralarva.Actors.Proxy;

namespace Paralarva.Tests.Listener;

/// <summary><c>proxy.metrics</c>: what a RequestActor tells the MetricsActor with the switch on and off.</summary>
public sealed class RequestActorMetricsSwitchTests : TestKit
{
    private readonly TestProbe _client;
    private readonly TestProbe _metrics;
    private readonly TestProbe _balancer;

    public RequestActorMetricsSwitchTests()
    {
        _client = CreateTestProbe("client");
        _metrics = CreateTestProbe("metrics");
        _balancer = CreateTestProbe("balancer");
    }

    private IActorRef Start(bool recordMetrics, ProxyOptions options)
    {
        var routes = new RouteTable([new("svc.test", new Route("svc", _balancer.Ref) { MaxRetries = 1 })]);
        var context = new ConnectionContext(new RouteTableHolder(routes), options, LimitsConfig.Default, _metrics.Ref) { RecordMetrics = recordMetrics };
        var actor = Sys.ActorOf(RequestActor.Props(_client.Ref, new IPEndPoint(IPAddress.Loopback, 40000), context));
        _client.ExpectMsg<Tcp.Register>();
        _client.ExpectMsg<Tcp.ResumeReading>();
        _metrics.ExpectMsg<ClientConnectionOpened>();
        return actor;
    }

    private static Tcp.Received Bytes(string text) => new(ByteString.FromString(text, Encoding.Latin1));

    /// <summary>
    /// Stops the actor and returns what reached the metrics probe before its ClientConnectionClosed: messages
    /// from one sender arrive in order, so nothing sent during the exchange can come after it.
    /// </summary>
    private List<object> EventsUntilClosed(IActorRef actor)
    {
        Sys.Stop(actor);
        var events = new List<object>();
        for (var i = 0; i < 10; i++)
        {
            var message = _metrics.ExpectMsg<object>();
            if (message is ClientConnectionClosed)
                return events;
            // Completed requests come in batches (at the latest when the connection closes): one event each here.
            if (message is RequestsCompleted batch)
            {
                foreach (var completed in batch.Requests)
                    events.Add(completed);
            }
            else
                events.Add(message);
        }
        throw new InvalidOperationException("no ClientConnectionClosed among the first 10 metrics events");
    }

    private void ServeOneDryRunRequest(IActorRef actor)
    {
        actor.Tell(Bytes("GET / HTTP/1.1\r\nHost: svc.test\r\n\r\n"));
        _client.ExpectMsg<Tcp.Write>();
        actor.Tell(ListenerMessages.ClientWriteAck.Instance);
        _client.ExpectMsg<Tcp.ResumeReading>();
    }

    [Fact]
    public void MetricsOn_AnsweredRequest_RequestCompletedSent()
    {
        var actor = Start(recordMetrics: true, ProxyOptions.Default with { DryRun = true });

        ServeOneDryRunRequest(actor);

        var completed = Assert.IsType<RequestCompleted>(Assert.Single(EventsUntilClosed(actor)));
        Assert.Equal(200, completed.StatusCode);
        Assert.Equal("svc", completed.Service);
    }

    [Fact]
    public void MetricsOff_AnsweredRequest_NoPerRequestEvent()
    {
        var actor = Start(recordMetrics: false, ProxyOptions.Default with { DryRun = true });

        ServeOneDryRunRequest(actor);

        Assert.Empty(EventsUntilClosed(actor));
    }

    /// <summary>Both members the balancer names refuse the connection (the route allows one retry): the proxy answers 502.</summary>
    private void ServeOneRequestWhoseConnectsAreRefused(IActorRef actor)
    {
        actor.Tell(Bytes("GET / HTTP/1.1\r\nHost: svc.test\r\n\r\n"));
        foreach (var member in new[] { "m1", "m2" })
        {
            var acquire = _balancer.ExpectMsg<BalancerMessages.AcquireConnection>();
            _balancer.Reply(new BalancerMessages.LeaseFailed(acquire.CorrelationId, ProxyError.MemberRefused, member));
        }

        Assert.StartsWith("HTTP/1.1 502", _client.ExpectMsg<Tcp.Write>().Data.ToString(Encoding.Latin1));
    }

    [Fact]
    public void MetricsOn_RetriedRequest_RequestRetriedSent()
    {
        var actor = Start(recordMetrics: true, ProxyOptions.Default);

        ServeOneRequestWhoseConnectsAreRefused(actor);

        Assert.Contains(EventsUntilClosed(actor), e => e is RequestRetried { Service: "svc" });
    }

    [Fact]
    public void MetricsOff_RetriedRequest_NoPerRequestEvent()
    {
        var actor = Start(recordMetrics: false, ProxyOptions.Default);

        ServeOneRequestWhoseConnectsAreRefused(actor);

        Assert.Empty(EventsUntilClosed(actor));
    }

    [Fact]
    public void MetricsOn_UnknownHost_ErrorAndRequestCompletedSent()
    {
        var actor = Start(recordMetrics: true, ProxyOptions.Default);

        actor.Tell(Bytes("GET / HTTP/1.1\r\nHost: other.test\r\n\r\n"));
        _client.ExpectMsg<Tcp.Write>();
        _client.ExpectMsg<Tcp.ConfirmedClose>();

        var events = EventsUntilClosed(actor);
        Assert.Equal(2, events.Count);
        Assert.IsType<ProxyErrorOccurred>(events[0]);
        Assert.Equal(400, Assert.IsType<RequestCompleted>(events[1]).StatusCode);
    }

    [Fact]
    public void MetricsOff_UnknownHost_NoErrorEvent()
    {
        var actor = Start(recordMetrics: false, ProxyOptions.Default);

        actor.Tell(Bytes("GET / HTTP/1.1\r\nHost: other.test\r\n\r\n"));
        _client.ExpectMsg<Tcp.Write>();
        _client.ExpectMsg<Tcp.ConfirmedClose>();

        Assert.Empty(EventsUntilClosed(actor));
    }
}
