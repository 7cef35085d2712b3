using System.Net;
using Akka.Actor;
using Akka.Event;
using Akka.Streams;
using Paralarva.Actors.Balancing;
using Paralarva.Actors.Config;
using Paralarva.Actors.Http;
using Paralarva.Actors.Listener;
using Paralarva.Actors.Metrics;
using static Paralarva.Actors.Proxy.ProxyMessages;

namespace Paralarva.Actors.Proxy;

/// <summary>
/// The root of the proxy: builds the actor tree from a validated configuration (metrics, one
/// BalancerActor per service, the listener), reports where it listens, and applies reloads
/// (ProxyActor.Reload.cs).
/// </summary>
internal sealed partial class ProxyActor : ReceiveActor
{
    private readonly ProxyOptions _options;
    private readonly Props _metricsProps;
    private readonly IMaterializer? _materializer;
    private readonly List<IActorRef> _statusWaiters = [];
    private ProxyConfig _config;
    private ListenStatus? _status;
    private AccessLog? _accessLog;
    private IActorRef _metrics = ActorRefs.Nobody;
    private IActorRef _listener = ActorRefs.Nobody;

    public ProxyActor(ProxyConfig config, ProxyOptions options, Props metricsProps, IMaterializer? materializer)
    {
        _config = config;
        _options = options;
        _metricsProps = metricsProps;
        _materializer = materializer;

        Receive<ListenerMessages.Bound>(bound => SetStatus(new ListenStatus(bound.LocalAddress, null)));
        Receive<ListenerMessages.BindFailed>(failed => SetStatus(new ListenStatus(null, "cannot listen on " + failed.Requested + ": " + failed.Reason)));
        Receive<GetListenStatus>(_ => OnGetListenStatus());
        ReceiveReloads();
        Receive<Drain>(OnDrain);
        Receive<DrainMessages.Drained>(OnDrained);
        Receive<AccessLogClosed>(_ => AnswerDrainWaiters());
    }

    /// <param name="metricsProps">The MetricsActor's props: the host gives the real one, tests may give a probe.</param>
    /// <param name="materializer">
    /// Runs the access log's pipeline. The system's, not this actor's: the last lines are written after it stops. Made
    /// by the host before the actors start: a materializer made inside an actor that runs on the inline executor
    /// would wait for its own supervisor, whose start is queued behind that same actor's turn. Null when the
    /// configuration has no access log (a reload cannot add one: that takes a restart), so Akka.Streams is not started
    /// for nothing.
    /// </param>
    public static Props Props(ProxyConfig config, ProxyOptions options, Props metricsProps, IMaterializer? materializer) =>
        FactoryProps.Create(() => new ProxyActor(config, options, metricsProps, materializer));

    protected override void PreStart()
    {
        _metrics = Context.ActorOf(_metricsProps, "metrics");
        _metrics.Tell(new ConfigApplied(_config.SourceHash));
        foreach (var service in _config.Services)
            StartBalancer(service);
        SwapRoutes();

        if (!TryStartAccessLog(_metrics))
            return;

        // -a: [::] in dual mode (the ListenerActor sets it), so IPv4 and IPv6 clients both reach the proxy.
        var address = _options.ListenAllAddresses ? IPAddress.IPv6Any : IPAddress.Parse(_config.Listen.Address);
        _listener = Context.ActorOf(ListenerActor.Props(new IPEndPoint(address, _config.Listen.Port), ConnectionContextOf(_config)), "listener");
    }

    private ConnectionContext ConnectionContextOf(ProxyConfig config) =>
        new(_routes, _options, config.Limits, _metrics)
        {
            AccessLog = _accessLog, RecordMetrics = config.MetricsEnabled, Timeouts = config.Timeouts, Via = new ViaField(config.ViaPseudonym),
        };

    protected override void PostStop()
    {
        // Completes the queue; the pipeline writes what is left and closes the sink on its own.
        _ = _accessLog?.DisposeAsync().AsTask();
    }

    private bool TryStartAccessLog(IActorRef metrics)
    {
        var config = _config.AccessLog;
        if (config.Target == AccessLogTarget.Off)
            return true;
        try
        {
            Stream sink = config.Target == AccessLogTarget.Stdout
                ? Console.OpenStandardOutput()
                : new FileStream(config.FilePath!, FileMode.Append, FileAccess.Write, FileShare.ReadWrite, 64 * 1024, useAsync: true);
            _accessLog = AccessLog.Start(sink, metrics, _materializer ?? throw new InvalidOperationException("an access log needs a materializer"));
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            Context.GetLogger().Error("Cannot open the access log {0}: {1}", config.FilePath, e.Message);
            SetStatus(new ListenStatus(null, "cannot open the access log " + config.FilePath + ": " + e.Message));
            return false;
        }
    }

    private void SetStatus(ListenStatus status)
    {
        _status = status;
        foreach (var waiter in _statusWaiters)
            waiter.Tell(status);
        _statusWaiters.Clear();
    }

    private void OnGetListenStatus()
    {
        if (_status is null)
            _statusWaiters.Add(Sender);
        else
            Sender.Tell(_status);
    }
}
