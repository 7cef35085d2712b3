using System.Diagnostics;
using System.Net;
using Akka.Actor;
using Akka.Event;
using Akka.IO;
using Paralarva.Actors.Admission;
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
/// This file holds what every phase shares; each phase lives in its own partial file with its handlers:
/// RequestActor.ReadingHead.cs, .WaitingForMember.cs, .Exchanging.cs, .Tunnel.cs and .Closing.cs. What is not a
/// phase is a class made once per connection: <see cref="ConnectionDeadlines"/> (the lazy timers),
/// <see cref="ExchangeRecorder"/> (metrics batch and access log), <see cref="ConnectionAdmission"/> and
/// <see cref="RequestAffinity"/>; or a part of the exchange in hand (<see cref="ExchangeParts"/>, from a pool shared by
/// all connections, held from a request's first byte until the connection waits for its next): the two heads, the
/// two bodies' <see cref="RequestBodySlicer"/> and <see cref="ResponseBodySlicer"/>, <see cref="ResponseHeadRelay"/>
/// (member head in, client head out), and the per-request state in <see cref="Exchange"/> with its
/// <see cref="RetryPolicy"/>; <see cref="LocalAnswers"/> holds the 403/404/429.
/// The phase files keep the message handlers and the socket calls; the classes decide and the actor acts.
/// Each phase is a <see cref="Receive"/> method switched with <c>Become</c>, as Akka.IO's
/// own TcpConnection does, not a <c>ReceiveActor</c> behaviour: a ReceiveActor rebuilds its match
/// handlers on every <c>Become</c>, and at three phase changes per request that was most of the
/// proxy's allocation (about 10 KB per request).
/// </summary>
internal sealed partial class RequestActor : ActorBase, ISelfTimers
{
    /// <summary>Made on the first debug line, not per connection: building one formats the actor's path.</summary>
    private ILoggingAdapter? _logger;
    private readonly IActorRef _client;
    private readonly ConnectionContext _context;
    private readonly byte[] _clientAddress;

    /// <summary>
    /// The parts of the exchange in hand (heads, exchange state, body slicers, head relay): taken from
    /// <see cref="ExchangePartsPool"/> at a request's first byte and given back when the connection waits for its next
    /// request (<see cref="AwaitNextRequest"/>), so an idle keep-alive connection holds none. Null between exchanges.
    /// </summary>
    private ExchangeParts? _parts;

    private readonly ConnectionDeadlines _deadlines;
    private readonly ExchangeRecorder _recorder;
    private readonly ConnectionAdmission _admission;
    private readonly RequestAffinity _affinity;

    /// <summary>Client bytes received but not yet handled: the start of a body or pipelined requests.</summary>
    private ByteString _input = ByteString.Empty;

    /// <summary>
    /// A response's last piece, copied, may go to the client without an acknowledgement (<see cref="TryWriteToClientWithoutAck"/>)
    /// when its body is at most this long.
    /// </summary>
    private const int UnacknowledgedBodyBytes = 4 * 1024;

    /// <summary>How many bytes may go to the client without an acknowledgement before one is asked for again.</summary>
    private const int MaxUnacknowledgedClientBytes = 64 * 1024;

    /// <summary>Client writes sent with an acknowledgement that has not come back yet.</summary>
    private int _clientWritesPending;

    /// <summary>Bytes written to the client without an acknowledgement since the last acknowledgement came back.</summary>
    private int _unacknowledgedClientBytes;

    // The phases as delegates made once: a method group converted at each Become would allocate. Dropping a body the
    // member did not wait for is rare, so its delegate is made on first use rather than held by every connection.
    private readonly Receive _readingHead;
    private readonly Receive _waitingForMember;
    private readonly Receive _exchanging;
    private Receive? _discardingBody;

    public RequestActor(IActorRef client, EndPoint remoteAddress, ConnectionContext context)
    {
        _client = client;
        _context = context;
        _clientAddress = ClientAddress.Ascii(remoteAddress);
        _deadlines = new ConnectionDeadlines(this, context);
        _recorder = new ExchangeRecorder(this, context, _clientAddress);
        _admission = new ConnectionAdmission(ClientKey.Of(remoteAddress));
        _affinity = new RequestAffinity(_clientAddress);
        _readingHead = ReadingHead;
        _waitingForMember = WaitingForMember;
        _exchanging = Exchanging;
    }

    private ILoggingAdapter Log => _logger ??= Context.GetLogger();

    /// <summary>The exchange in hand's parts: only the phases that have an exchange use them.</summary>
    private ExchangeParts Parts => _parts ?? throw new InvalidOperationException("No exchange in hand.");

    public static Props Props(IActorRef client, EndPoint remoteAddress, ConnectionContext context) =>
        Akka.Actor.Props.CreateBy(new Producer(client, remoteAddress, context));

    /// <summary>
    /// Akka keeps a connection's Props, and with them its producer, for the actor's life: one holding the arguments
    /// costs 88 bytes per connection less than a factory delegate with its closure (<see cref="FactoryProps"/>).
    /// </summary>
    private sealed class Producer(IActorRef client, EndPoint remoteAddress, ConnectionContext context) : IIndirectActorProducer
    {
        public Type ActorType => typeof(RequestActor);

        public ActorBase Produce() => new RequestActor(client, remoteAddress, context);

        public void Release(ActorBase actor)
        {
        }
    }

    protected override bool Receive(object message) => ReadingHead(message);

    protected override void PreStart()
    {
        // Register and the first ResumeReading come from this actor so they reach the socket in order:
        // a ResumeReading that overtook Register would be lost and the connection would never read.
        _client.Tell(new Tcp.Register(Self));
        _client.Tell(Tcp.ResumeReading.Instance);
        // The first request's head is due from the connection's opening, so a client that connects and
        // trickles bytes gains nothing by waiting before its first one.
        _deadlines.ExpectHead();
        _context.Metrics.Tell(ClientConnectionOpened.Instance);
    }

    protected override void PostStop()
    {
        ReleaseLease(reusable: false, Health.ExchangeOutcome.Unknown);
        _admission.Release();
        _requestHeadBuffer?.Release();
        _recorder.Stop();
        _deadlines.CancelTimer();
        _linger?.Cancel();
        ReleaseParts();
        _context.Metrics.Tell(ClientConnectionClosed.Instance);
    }

    /// <summary>
    /// The connection is gone with an exchange in hand: its parts are left to the garbage collector (they may be
    /// mid-exchange), but their pooled buffers go back to their pools.
    /// </summary>
    private void ReleaseParts()
    {
        if (_parts is null)
            return;
        _parts.ResponseHead.Release();
        _parts.Request.Fields.Release();
        _parts.Response.Fields.Release();
        _parts = null;
    }

    /// <summary>
    /// Akka's scheduler directly, not Akka's per-actor timers (see <see cref="SelfTimer"/>). AK1004 warns of timers left
    /// running after the actor stops: every timer passed here is its own cancel switch, and PostStop cancels the three
    /// that can be pending (the deadlines', the metrics batch's and the lingering close's).
    /// </summary>
#pragma warning disable AK1004
    void ISelfTimers.Schedule(TimeSpan delay, SelfTimer timer) =>
        Context.System.Scheduler.ScheduleTellOnce(delay, Self, timer, ActorRefs.NoSender, timer);
#pragma warning restore AK1004

    /// <summary>
    /// What every phase with a live exchange or keep-alive does alike: the client connection closing or refusing a
    /// command, the client-side deadline timers (<see cref="ConnectionDeadlines"/>) and the metrics batch timer. The
    /// phases fall back to it.
    /// </summary>
    private bool ReceiveConnectionEvents(object message)
    {
        switch (message)
        {
            case Tcp.ConnectionClosed:
                Context.Stop(Self);
                return true;
            case Tcp.CommandFailed:
                // A write to the client was refused: its socket is gone.
                if (Sender.Equals(_client))
                    Context.Stop(Self);
                return true;
            case ConnectionDeadlines.Due due:
                // The phases that await a response handle the timer themselves; here no response deadline is set.
                ResponseDeadlinePassed(due);
                return true;
            case ExchangeRecorder.BatchDue:
                _recorder.OnBatchDue();
                return true;
            default:
                return false;
        }
    }

    /// <summary>
    /// The phases between exchanges (reading a head, dropping a body the member did not wait for): late events of the
    /// exchange that ended are dropped, a lease granted too late goes back, and the rest is
    /// <see cref="ReceiveConnectionEvents"/>.
    /// </summary>
    private bool ReceiveAfterExchange(object message)
    {
        switch (message)
        {
            case ListenerMessages.ClientWriteAck or MemberConnectionMessages.MemberWriteAck or BalancerMessages.LeaseFailed:
                return true;
            case BalancerMessages.ConnectionLeased leased:
                ReleaseStale(leased.Connection);
                return true;
            default:
                return ReceiveConnectionEvents(message);
        }
    }

    /// <summary>
    /// The deadline timer fired: a client deadline that passed is acted on here, alike in every phase; true when the
    /// member's response deadline passed, for the phase awaiting the response to act on.
    /// </summary>
    private bool ResponseDeadlinePassed(ConnectionDeadlines.Due due)
    {
        switch (_deadlines.Fired(due, out var client))
        {
            case ConnectionDeadlines.Passed.Client:
                OnClientDeadline(client);
                return false;
            case ConnectionDeadlines.Passed.ClientSend:
                OnClientSendDeadline();
                return false;
            case ConnectionDeadlines.Passed.Response:
                return true;
            default:
                return false;
        }
    }

    private void OnClientDeadline(ConnectionDeadlines.ClientDeadline expired)
    {
        switch (expired)
        {
            case ConnectionDeadlines.ClientDeadline.Head when _parts?.Exchange.HeadBytesSeen == true:
                Parts.Exchange.Start = Stopwatch.GetTimestamp();
                RejectRequest(ProxyError.RequestTimeout);
                return;
            case ConnectionDeadlines.ClientDeadline.Body:
                // FailExchange answers 408 while no response byte went out, and otherwise can only abort.
                FailExchange(ProxyError.RequestTimeout);
                return;
            default:
                // Nothing of a request arrived (an idle keep-alive or a preconnected socket): close without an answer,
                // as nginx does, since a 408 nobody asked for can be taken as the answer to the client's next request.
                CloseClient();
                return;
        }
    }

    private void OnClientSendDeadline()
    {
        Log.Debug("Client of {0} read nothing for {1}; ending the exchange", _parts?.Exchange.Route?.Service, _context.Timeouts.BodyIdle);
        FailExchange(ProxyError.RequestTimeout);
    }

    private static double SecondsSince(long timestamp) => Stopwatch.GetElapsedTime(timestamp).TotalSeconds;

    private void WriteToClient(ByteString data)
    {
        _deadlines.ClientWriteIssued(_clientWritesPending);
        _clientWritesPending++;
        _client.Tell(Tcp.Write.Create(data, ListenerMessages.ClientWriteAck.Instance));
    }

    /// <summary>
    /// Writes <paramref name="data"/> without asking for an acknowledgement, and returns true, when no acknowledged write
    /// is in flight and the bytes sent this way since the last acknowledgement stay within
    /// <see cref="MaxUnacknowledgedClientBytes"/>; else writes nothing and returns false. <paramref name="data"/> must
    /// hold no pooled buffer, since nothing says when it was sent. Akka.IO acknowledges writes in order, so a client that
    /// stops reading meets backpressure again at the first acknowledged write after at most that many bytes.
    /// </summary>
    private bool TryWriteToClientWithoutAck(ByteString data)
    {
        if (_clientWritesPending > 0 || _unacknowledgedClientBytes + data.Count > MaxUnacknowledgedClientBytes)
            return false;
        _unacknowledgedClientBytes += data.Count;
        _client.Tell(Tcp.Write.Create(data));
        return true;
    }

    /// <summary>
    /// An acknowledged client write went to the kernel, and with it every write sent before it (acknowledged or not);
    /// returns the acknowledged writes still in flight.
    /// </summary>
    private int CountClientWriteAck()
    {
        _unacknowledgedClientBytes = 0;
        return --_clientWritesPending;
    }

    /// <summary>
    /// Gives the leased member connection back (closed unless <paramref name="reusable"/>), with the exchange's
    /// outcome for passive health; returns the member's name for the record. A client write still pending may hold
    /// the last piece's pooled buffer: it is then left to the garbage collector instead of the pool.
    /// </summary>
    private string ReleaseLease(bool reusable, Health.ExchangeOutcome outcome)
    {
        if (_parts?.Exchange is not { Lease: { } lease } exchange)
            return string.Empty;
        exchange.Lease = null;
        lease.Release(reusable, outcome, bufferInFlight: _clientWritesPending > 0);
        return lease.MemberName;
    }

    /// <summary>Whether a completion is from the connection leased now, not an earlier attempt's.</summary>
    private bool FromCurrentMember(MemberConnection connection) => ReferenceEquals(connection, Parts.Exchange.Lease);

    private static void ReleaseStale(MemberConnection connection) =>
        connection.Release(reusable: true, Health.ExchangeOutcome.Unknown);

    /// <summary>The exchange ended, however it did: its admission slot is free, and it joins the record.</summary>
    /// <param name="upstream">The member's share, carried in the same event: one metrics message per request.</param>
    /// <param name="durationSeconds">When not the time since the request began (a tunnel reports its handshake).</param>
    private void RecordExchange(string memberName, UpstreamCompleted? upstream = null, double? durationSeconds = null)
    {
        _admission.Release();
        _recorder.Record(Parts.Exchange, Parts.Request, memberName, _admission.TakeRejection(), upstream, durationSeconds ?? SecondsSince(Parts.Exchange.Start));
    }

    // ── graceful shutdown, whatever the phase ──────────────────────────────────────────────────

    private bool _draining;

    /// <summary>
    /// Graceful shutdown as one connection sees it. <see cref="DrainMessages.DrainConnection"/> closes an idle
    /// keep-alive connection at once (RFC 9112 section 9.6: a server may close an idle connection, and clients retry
    /// requests that raced with such a close). A connection with work in hand finishes it: its response carries
    /// <c>Connection: close</c> if its head has not left yet, and the connection closes after the response in any case.
    /// A connection dropping the rest of a body whose request was answered already is closed too.
    /// A connection that has not sent its first request yet is served once, with <c>Connection: close</c>: it was
    /// accepted a moment ago, and a client does not retry a request lost on a brand-new connection. A tunnel has no
    /// way to be told to end: it runs until it closes or the drain timeout aborts it.
    /// The two messages are handled before the phase sees them, whatever the phase: no phase needs to know them.
    /// </summary>
    protected override bool AroundReceive(Receive receive, object message)
    {
        switch (message)
        {
            case DrainMessages.DrainConnection:
                OnDrain(receive);
                return true;
            case DrainMessages.AbortConnection:
                Log.Debug("Drain timeout: aborting a client connection");
                RecordTunnelIfOpen();
                _client.Tell(Tcp.Abort.Instance);
                Context.Stop(Self);
                return true;
            default:
                return base.AroundReceive(receive, message);
        }
    }

    private void OnDrain(Receive phase)
    {
        _draining = true;
        // Only the keep-alive phase is the _readingHead delegate: a fresh connection is still in Receive. A body being
        // dropped belongs to a request already answered: nothing is lost by closing.
        var idleKeepAlive = ReferenceEquals(phase, _readingHead) && _input.IsEmpty && (_requestHeadBuffer?.IsEmpty ?? true);
        if (idleKeepAlive || ReferenceEquals(phase, _discardingBody))
            CloseClient();
    }
}
