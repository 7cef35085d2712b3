using System.Net;
using Akka.Actor;
using Akka.Event;
using Akka.IO;
using Paralarva.Actors.Http;
using Paralarva.Actors.Proxy;
using static Paralarva.Actors.Balancing.UpstreamMessages;

namespace Paralarva.Actors.Balancing;

/// <summary>
/// The registered handler of one outbound connection to a member. Akka.IO lets a connection be
/// registered once, so this actor relays what the member sends to whichever RequestActor leases it;
/// the lessee writes to the socket directly and paces reads itself (pull mode).
/// <code>
///   Connecting ──Connected──▶ Open (idle ⇄ attached) ──closed──▶ Closed
///        └──refused / timeout──▶ Failed
/// </code>
/// It never stops itself: its MemberActor stops it once it is neither open nor leased, so a lessee
/// that attaches to a connection which just closed still gets an answer (<see cref="MemberClosed"/>).
/// </summary>
internal sealed class UpstreamConnection : ReceiveActor, IWithTimers
{
    private sealed class ConnectTimedOut
    {
        public static readonly ConnectTimedOut Instance = new();
        private ConnectTimedOut() { }
    }

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly EndPoint _endpoint;
    private readonly string _service;
    private readonly string _memberName;
    private readonly TimeSpan _connectTimeout;
    private IActorRef? _socket;
    private IActorRef? _lessee;

    public UpstreamConnection(EndPoint endpoint, string service, string memberName, TimeSpan connectTimeout)
    {
        _endpoint = endpoint;
        _service = service;
        _memberName = memberName;
        _connectTimeout = connectTimeout;
        Connecting();
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(EndPoint endpoint, string service, string memberName, TimeSpan connectTimeout) =>
        FactoryProps.Create(() => new UpstreamConnection(endpoint, service, memberName, connectTimeout));

    protected override void PreStart()
    {
        // Akka.IO's own timeout only cleans up; ours decides, so a slow connect is a 504 like nginx's.
        Context.System.Tcp().Tell(new Tcp.Connect(_endpoint, timeout: _connectTimeout + TimeSpan.FromSeconds(1), pullMode: true));
        Timers.StartSingleTimer(ConnectTimedOut.Instance, ConnectTimedOut.Instance, _connectTimeout);
    }

    protected override void PostStop() => _socket?.Tell(Tcp.Close.Instance);

    private void Connecting()
    {
        Receive<Tcp.Connected>(OnConnected);
        Receive<Tcp.CommandFailed>(_ => Fail(ProxyError.MemberRefused));
        Receive<ConnectTimedOut>(_ => Fail(ProxyError.MemberTimeout));
    }

    private void OnConnected(Tcp.Connected connected)
    {
        Timers.Cancel(ConnectTimedOut.Instance);
        _socket = Sender;
        _socket.Tell(new Tcp.Register(Self));
        // Pooled connections always have one read posted, from here and after each exchange (Detach): the member
        // closing one is seen at once, and a lessee's response completes that read without a ResumeReading of its own.
        _socket.Tell(Tcp.ResumeReading.Instance);
        Context.Parent.Tell(new Opened(new UpstreamLease(Self, _socket, Context.Parent, _service, _memberName)));
        Become(Open);
    }

    private void Fail(ProxyError error)
    {
        _log.Debug("Connection to {0} failed: {1}", _memberName, error);
        Context.Parent.Tell(new ConnectFailed(error));
        Become(Failed);
    }

    private void Open()
    {
        Receive<Attach>(_ => _lessee = Sender);
        Receive<Detach>(_ => OnDetach());
        Receive<Tcp.Received>(OnReceived);
        Receive<Tcp.ConnectionClosed>(OnClosed);
    }

    private void OnDetach()
    {
        _lessee = null;
        _socket!.Tell(Tcp.ResumeReading.Instance);
    }

    private void OnReceived(Tcp.Received received)
    {
        if (_lessee is not null)
        {
            _lessee.Tell(new MemberReceived(received.Data));
            return;
        }

        // Bytes from a member between exchanges belong to no request: the connection is unusable.
        _log.Debug("Member {0} sent {1} bytes on an idle connection; closing it", _memberName, received.Data.Count);
        _socket!.Tell(Tcp.Abort.Instance);
    }

    private void OnClosed(Tcp.ConnectionClosed closed)
    {
        _lessee?.Tell(closed.IsErrorClosed || closed is Tcp.Aborted ? MemberClosed.ErrorInstance : MemberClosed.GracefulInstance);
        _lessee = null;
        _socket = null;
        Context.Parent.Tell(Lost.Instance);
        Become(Closed);
    }

    private void Closed()
    {
        Receive<Attach>(_ => Sender.Tell(MemberClosed.BeforeAttachInstance));
        Receive<Detach>(_ => { });
        Receive<Tcp.Received>(_ => { });
        Receive<Tcp.ConnectionClosed>(_ => { });
    }

    private void Failed()
    {
        Receive<Attach>(_ => Sender.Tell(MemberClosed.BeforeAttachInstance));
        Receive<Tcp.Connected>(_ => Sender.Tell(Tcp.Abort.Instance));
        Receive<Tcp.CommandFailed>(_ => { });
        Receive<ConnectTimedOut>(_ => { });
    }
}
