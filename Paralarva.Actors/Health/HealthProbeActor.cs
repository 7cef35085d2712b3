using System.Net;
using Akka.Actor;
using Akka.IO;
using Paralarva.Actors.Proxy;
using static Paralarva.Actors.Health.ActiveHealthCheckMessages;

namespace Paralarva.Actors.Health;

/// <summary>
/// One check over one fresh connection: connect, send the request, read up to the status line and
/// report it to the parent, once. Then it reads on, discarding, until the member closes (it was
/// asked to: <c>Connection: close</c>), so that the member is not reset mid-answer.
/// <code>
///   Connecting ──Connected──▶ AwaitingStatus ──status line──▶ Draining ──closed──▶ stop
///        └── refused ──▶ report, stop        └── closed ──▶ report, stop
/// </code>
/// It keeps no timer of its own for the check: the parent owns the deadline and, when it passes, tells
/// it to <see cref="Abandon"/>: it aborts the connection, or, while still connecting, waits for the
/// attempt to end (bounded by the connect timeout given to Akka.IO) and then aborts it.
/// </summary>
internal sealed class HealthProbeActor : ReceiveActor
{
    private readonly long _id;
    private readonly EndPoint _endpoint;
    private readonly byte[] _request;
    private readonly TimeSpan _timeout;
    private readonly byte[] _buffer = new byte[HealthCheckStatusLine.MaxLength];
    private int _buffered;
    private IActorRef? _socket;
    private bool _closed;
    private bool _abandoned;

    public HealthProbeActor(long id, EndPoint endpoint, byte[] request, TimeSpan timeout)
    {
        _id = id;
        _endpoint = endpoint;
        _request = request;
        _timeout = timeout;

        Receive<Tcp.Connected>(OnConnected);
        Receive<Tcp.CommandFailed>(_ => ReportAndStop(HealthCheckResult.ConnectionFailed));
        Receive<Abandon>(_ => _abandoned = true);
    }

    public static Props Props(long id, EndPoint endpoint, byte[] request, TimeSpan timeout) =>
        FactoryProps.Create(() => new HealthProbeActor(id, endpoint, request, timeout));

    protected override void PreStart() =>
        Context.System.Tcp().Tell(new Tcp.Connect(_endpoint, timeout: _timeout));

    protected override void PostStop()
    {
        // Stopped by the parent's deadline, or by an answer that never ends: nothing more to say to the member.
        if (_socket is not null && !_closed)
            _socket.Tell(Tcp.Abort.Instance);
    }

    private void OnConnected(Tcp.Connected connected)
    {
        if (_abandoned)
        {
            Sender.Tell(Tcp.Abort.Instance);
            Context.Stop(Self);
            return;
        }

        _socket = Sender;
        _socket.Tell(new Tcp.Register(Self));
        _socket.Tell(Tcp.Write.Create(ByteString.FromBytes(_request)));
        Become(AwaitingStatus);
    }

    private void AwaitingStatus()
    {
        Receive<Tcp.Received>(OnReceived);
        Receive<Tcp.ConnectionClosed>(_ =>
        {
            _closed = true;
            ReportAndStop(HealthCheckResult.ConnectionFailed);
        });
        Receive<Tcp.CommandFailed>(_ => ReportAndStop(HealthCheckResult.ConnectionFailed));
        Receive<Abandon>(_ => Context.Stop(Self));
    }

    private void OnReceived(Tcp.Received received)
    {
        var count = Math.Min(received.Data.Count, _buffer.Length - _buffered);
        received.Data.Slice(0, count).CopyTo(_buffer, _buffered, count);
        _buffered += count;
        var result = HealthCheckStatusLine.Evaluate(_buffer.AsSpan(0, _buffered));
        if (result is null)
            return;

        Context.Parent.Tell(new ProbeCompleted(_id, result.Value));
        Become(Draining);
        // Bounded: an answer that neither ends nor stops must not keep the probe alive.
        Context.SetReceiveTimeout(_timeout);
    }

    private void Draining()
    {
        Receive<Tcp.Received>(_ => { });
        Receive<Tcp.ConnectionClosed>(_ =>
        {
            _closed = true;
            Context.Stop(Self);
        });
        Receive<Tcp.CommandFailed>(_ => Context.Stop(Self));
        Receive<ReceiveTimeout>(_ => Context.Stop(Self));
        Receive<Abandon>(_ => { });
    }

    private void ReportAndStop(HealthCheckResult result)
    {
        Context.Parent.Tell(new ProbeCompleted(_id, result));
        Context.Stop(Self);
    }
}
