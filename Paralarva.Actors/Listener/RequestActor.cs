using System.Diagnostics;
using System.Net;
using System.Text;
using Akka.Actor;
using Akka.Event;
using Akka.IO;
using Paralarva.Actors.Balancing;
using Paralarva.Actors.Http;
using Paralarva.Actors.Metrics;
using Paralarva.Actors.Proxy;

namespace Paralarva.Actors.Listener;

/// <summary>
/// Owns one client connection for its whole keep-alive life and drives one exchange at a time.
/// <code>
///   ReadingHead ──head parsed and routed──▶ WaitingForMember ──leased──▶ Exchanging
///        ▲                                        │                          │
///        └──────────── response relayed, keep-alive ─────────────────────────┘
///   any phase ──bad input, error answer, Connection: close, client gone──▶ Closing ──▶ stopped
///   Exchanging ──101 to an Upgrade request──▶ Tunnelling ──either side closes──▶ Closing / stopped
/// </code>
/// Both sockets are in pull mode: the actor reads from the client only when it wants request bytes,
/// and from the member only once the client acknowledged the previous piece of response, so a slow
/// peer on either side stops the proxy reading from the other one. Bodies are relayed as they
/// arrive, never buffered whole.
/// The phases live in partial files: RequestActor.ReadingHead.cs, .WaitingForMember.cs, .Exchanging.cs,
/// .Tunnel.cs and .Closing.cs; .Draining.cs handles a graceful shutdown in any phase, and .Timeouts.cs the
/// client-side deadlines (request head, keep-alive idle, body idle). Each phase is a <see cref="Receive"/> method switched with <c>Become</c>, as Akka.IO's
/// own TcpConnection does, not a <c>ReceiveActor</c> behaviour: a ReceiveActor rebuilds its match
/// handlers on every <c>Become</c>, and at three phase changes per request that was most of the
/// proxy's allocation (about 10 KB per request).
/// </summary>
internal sealed partial class RequestActor : ActorBase, IWithTimers
{
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly IActorRef _client;
    private readonly ConnectionContext _context;
    private readonly byte[] _clientAddress;

    private readonly RequestHead _request = new();
    private readonly ResponseHead _response = new();
    private readonly BodyReader _requestBody = new();
    private readonly BodyReader _responseBody = new();
    private readonly Exchange _exchange = new();

    /// <summary>Client bytes received but not yet handled: the start of a body or pipelined requests.</summary>
    private ByteString _input = ByteString.Empty;

    private readonly LazyDeadline _clientDeadline;
    private readonly LazyDeadline _sendDeadline;
    private readonly LazyDeadline _responseDeadline;
    private readonly LazyDeadline _tunnelIdle;

    // The phases as delegates made once: a method group converted at each Become would allocate.
    private readonly Receive _readingHead;
    private readonly Receive _waitingForMember;
    private readonly Receive _exchanging;

    public RequestActor(IActorRef client, EndPoint remoteAddress, ConnectionContext context)
    {
        _client = client;
        _context = context;
        _clientAddress = ClientAddress.Ascii(remoteAddress);
        _clientKey = Admission.ClientKey.Of(remoteAddress);
        _request.MaxHeaderCount = context.Limits.MaxHeaderCount;
        _clientDeadline = new LazyDeadline(this, ClientTimerFired.Instance);
        _sendDeadline = new LazyDeadline(this, ClientSendTimerFired.Instance);
        _responseDeadline = new LazyDeadline(this, ResponseTimedOut.Instance);
        _tunnelIdle = new LazyDeadline(this, TunnelIdleCheck.Instance);
        _readingHead = ReadingHead;
        _waitingForMember = WaitingForMember;
        _exchanging = Exchanging;
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(IActorRef client, EndPoint remoteAddress, ConnectionContext context) =>
        FactoryProps.Create(() => new RequestActor(client, remoteAddress, context));

    protected override bool Receive(object message) => ReadingHead(message);

    protected override void PreStart()
    {
        // Register and the first ResumeReading come from this actor so they reach the socket in order:
        // a ResumeReading that overtook Register would be lost and the connection would never read.
        _client.Tell(new Tcp.Register(Self));
        _client.Tell(Tcp.ResumeReading.Instance);
        // The first request's head is due from the connection's opening, so a client that connects and
        // trickles bytes gains nothing by waiting before its first one.
        SetClientDeadline(ClientDeadline.Head, _context.Timeouts.RequestHead);
        _context.Metrics.Tell(ClientConnectionOpened.Instance);
    }

    protected override void PostStop()
    {
        ReleaseLease(reusable: false, Health.ExchangeOutcome.Unknown);
        ReleaseAdmission();
        ReturnHeadBuffers();
        SendMetricsBatch();
        _context.Metrics.Tell(ClientConnectionClosed.Instance);
    }

    /// <summary>
    /// What every phase with a live exchange or keep-alive does alike: the client connection closing or refusing a
    /// command, and the client-side deadline timers (RequestActor.Timeouts.cs). The phases fall back to it.
    /// </summary>
    private bool ReceiveConnectionEvents(object message)
    {
        switch (message)
        {
            case Tcp.ConnectionClosed:
                Context.Stop(Self);
                return true;
            case Tcp.CommandFailed failed:
                OnCommandFailed(failed);
                return true;
            case ClientTimerFired:
                OnClientTimer();
                return true;
            case ClientSendTimerFired:
                OnClientSendTimer();
                return true;
            case MetricsBatchDue:
                OnMetricsBatchDue();
                return true;
            default:
                return false;
        }
    }

    private static double SecondsSince(long timestamp) => Stopwatch.GetElapsedTime(timestamp).TotalSeconds;

    /// <summary>
    /// Gives the leased member connection back (closed unless <paramref name="reusable"/>), with the exchange's
    /// outcome for passive health; returns the member's name for the record. A client write still pending may hold
    /// the last piece's pooled buffer: it is then left to the garbage collector instead of the pool.
    /// </summary>
    private string ReleaseLease(bool reusable, Health.ExchangeOutcome outcome)
    {
        if (_exchange.Lease is null)
            return string.Empty;
        var memberName = _exchange.Lease.MemberName;
        _exchange.Lease.Release(reusable, outcome, bufferInFlight: _clientWritesPending > 0);
        _exchange.Lease = null;
        return memberName;
    }

    private void WriteToClient(ByteString data)
    {
        OnClientWriteIssued();
        _clientWritesPending++;
        _client.Tell(Tcp.Write.Create(data, ListenerMessages.ClientWriteAck.Instance));
    }
}
