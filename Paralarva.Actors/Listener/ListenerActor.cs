using System.Net;
using System.Net.Sockets;
using Akka.Actor;
using Akka.Event;
using Akka.IO;
using Paralarva.Actors.Metrics;
using Paralarva.Actors.Proxy;
using static Paralarva.Actors.Listener.ListenerMessages;

namespace Paralarva.Actors.Listener;

/// <summary>
/// Binds the listen address with Akka.IO and starts one RequestActor per accepted client. Akka.IO
/// keeps accepting whatever we say, so the connection limit is enforced here: the excess is aborted.
/// </summary>
internal sealed partial class ListenerActor : ReceiveActor
{
    private const int Backlog = 1024;

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private ConnectionContext _context;
    private readonly bool _tryNextPorts;
    private IPEndPoint _endpoint;
    private int _attempts;
    private int _open;
    private bool _refusing;
    private long _nextRequestActorId;

    public ListenerActor(IPEndPoint endpoint, ConnectionContext context)
    {
        _endpoint = endpoint;
        _context = context;
        _tryNextPorts = context.Options.NextPort;

        Receive<Tcp.Bound>(OnBound);
        Receive<Tcp.CommandFailed>(OnBindFailed);
        Receive<UpdateContext>(update => _context = update.Context);
        ReceiveDrain();
    }

    public static Props Props(IPEndPoint endpoint, ConnectionContext context) =>
        FactoryProps.Create(() => new ListenerActor(endpoint, context));

    protected override void PreStart() => Bind();

    // A RequestActor owns a socket: after a failure its state is unknown, so it is stopped, never restarted.
    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(_ => Directive.Stop);

    private void Bind()
    {
        _attempts++;
        // Pull mode: every read is asked for, which is how backpressure reaches the client's socket.
        Inet.SocketOption[] options = IPAddress.IPv6Any.Equals(_endpoint.Address) ? [DualModeOption.Instance] : [];
        Context.System.Tcp().Tell(new Tcp.Bind(Self, _endpoint, Backlog, options, pullMode: true));
    }

    private void OnBound(Tcp.Bound bound)
    {
        _log.Info("Listening on {0}", bound.LocalAddress);
        _listenSocket = Sender;
        Context.Parent.Tell(new Bound(bound.LocalAddress));
        Become(Listening);
    }

    private void OnBindFailed(Tcp.CommandFailed failed)
    {
        if (_tryNextPorts && _attempts <= Proxy.ProxyOptions.NextPortAttempts && _endpoint.Port is > 0 and < 65535)
        {
            _log.Info("Port {0} is taken, trying {1}", _endpoint.Port, _endpoint.Port + 1);
            _endpoint = new IPEndPoint(_endpoint.Address, _endpoint.Port + 1);
            Bind();
            return;
        }

        // [::] on a host without IPv6 (a kernel booted with ipv6.disable=1): all IPv4 addresses are what was meant.
        if (IPAddress.IPv6Any.Equals(_endpoint.Address) && failed.Cause.HasValue
            && failed.Cause.Value is SocketException { SocketErrorCode: SocketError.AddressFamilyNotSupported or SocketError.AddressNotAvailable })
        {
            _log.Warning("IPv6 is not available here ({0}); listening on 0.0.0.0 (IPv4 only)", failed.Cause.Value.Message);
            _endpoint = new IPEndPoint(IPAddress.Any, _endpoint.Port);
            Bind();
            return;
        }

        var reason = failed.Cause.HasValue ? failed.Cause.Value.Message : "bind failed";
        _log.Error("Cannot listen on {0}: {1}", _endpoint, reason);
        Context.Parent.Tell(new BindFailed(_endpoint, reason));
    }

    private void Listening()
    {
        Receive<Tcp.Connected>(OnConnected);
        Receive<UpdateContext>(update => _context = update.Context);
        Receive<Terminated>(_ => OnClientGone());
        ReceiveDrain();
    }

    private void OnConnected(Tcp.Connected connected)
    {
        if (RefusedWhileDraining(connected))
            return;
        if (_open >= _context.Limits.MaxClientConnections)
        {
            // Once per episode at the limit, not per connection: a flood must not become a flood of log lines.
            // Every refusal is counted in paralarva_client_connections_rejected_total.
            if (!_refusing)
                _log.Warning("Refusing client connections: {0} open, the limit (limits.max_client_connections)", _open);
            _refusing = true;
            _context.Metrics.Tell(ClientConnectionRejected.Instance);
            // Reset at once, never half-served: what a refused connect looks like once the kernel has accepted it.
            Sender.Tell(Tcp.Abort.Instance);
            return;
        }

        _refusing = false;
        _open++;
        var handler = Context.ActorOf(
            RequestActor.Props(Sender, connected.RemoteAddress, _context),
            "request-" + _nextRequestActorId++);
        Context.Watch(handler);
    }
}
