using System.Buffers;
using System.Net;
using System.Net.Sockets;
using Akka.Actor;
using Akka.IO;
using Paralarva.Actors.Health;
using Paralarva.Actors.Http;
using static Paralarva.Actors.Balancing.MemberConnectionMessages;

namespace Paralarva.Actors.Balancing;

/// <summary>
/// One keep-alive connection to a member: a plain <see cref="Socket"/> that a lease hands to one RequestActor for
/// one exchange. The lessee writes and reads it through this object, and every socket completion is posted to it
/// as a message (<see cref="MemberReceived"/>, <see cref="MemberWriteAck"/>, <see cref="MemberClosed"/>); nothing
/// is awaited or blocked on inside an actor. Reads are pulled (<see cref="ReadNext"/>) and land in a pooled buffer
/// that travels to the client write and goes back to the pool on the lessee's next read or its release.
/// <code>
///   open ──lease──▶ leased ──release(reusable)──▶ idle (watched) ──lease──▶ …
///     └───────────── any error, release(not reusable), member closes ──▶ closed
/// </code>
/// An idle connection holds no buffer: a zero-byte receive waits for the socket to become readable, which for an
/// idle connection means the member closed it (or sent bytes nobody asked for): it is closed and the balancer told.
/// The runtime may complete that receive on a stale readiness event, so the socket is polled before it is believed.
/// The same receive, when the connection is leased, tells that the response has begun, and the read proper
/// follows it, so a lessee asks for no first read of its own.
/// The actor threads (lessee, balancer) and the socket's completion threads meet under one lock, held for a few
/// instructions and never across a wait.
/// </summary>
internal sealed class MemberConnection
{
    /// <summary>As YARP's and Akka.IO's buffers: a 1 MiB body takes 16 reads, each one message.</summary>
    private const int MaxReadBytes = 64 * 1024;

    /// <summary>A small response needs no more; a piece handed on may stay referenced by the client socket's send arguments until its next write, so it is kept small.</summary>
    private const int MinReadBytes = 4 * 1024;

    private readonly Lock _gate = new();
    private readonly Socket _socket;
    private readonly SocketAsyncEventArgs _receiveArgs = new();
    private readonly SocketAsyncEventArgs _sendArgs = new();
    private readonly List<ArraySegment<byte>> _segments = new(4);

    private IActorRef? _lessee;
    /// <summary>The buffer the socket reads into.</summary>
    private byte[]? _buffer;
    /// <summary>The last piece's buffer, the lessee's until its next read or its release (a client write may hold it).</summary>
    private byte[]? _delivered;
    private bool _receiving;
    private bool _watching;
    private bool _readWanted;
    private bool _wroteThisLease;
    private bool _closed;
    /// <summary>Bytes the last read of this lease got: a transfer in full flow keeps reading as much.</summary>
    private int _lastRead;
    /// <summary>The largest read of this lease so far.</summary>
    private int _largestRead;
    /// <summary>The previous lease's largest read: sizes this lease's first read (<see cref="ReadSize"/>).</summary>
    private int _previousLeaseLargestRead;

    private MemberConnection(Socket socket, IActorRef member, IActorRef balancer, string service, string memberName)
    {
        _socket = socket;
        Member = member;
        Balancer = balancer;
        Service = service;
        MemberName = memberName;
        _receiveArgs.Completed += (_, _) => OnReceiveCompleted();
        _sendArgs.Completed += (_, _) => OnSendCompleted();
    }

    /// <summary>The MemberActor that opened it: told once when it closes.</summary>
    public IActorRef Member { get; }

    /// <summary>The BalancerActor whose pool it belongs to: releases go there.</summary>
    public IActorRef Balancer { get; }

    public string Service { get; }

    /// <summary>"address:port", the member label in logs and metrics.</summary>
    public string MemberName { get; }

    /// <summary>Balancer only: the pool (member) this connection belongs to.</summary>
    internal object? PoolSlot { get; set; }

    /// <summary>Balancer only: when it went idle (Stopwatch ticks).</summary>
    internal long IdleSince { get; set; }

    public bool IsClosed
    {
        get
        {
            lock (_gate)
                return _closed;
        }
    }

    /// <summary>
    /// Connects without blocking any actor: the outcome is posted to <paramref name="member"/> as <see cref="Opened"/>
    /// or <see cref="ConnectFailed"/> (MemberTimeout when not connected within <paramref name="timeout"/>, as nginx's 504).
    /// </summary>
    public static void Open(EndPoint endpoint, TimeSpan timeout, IActorRef member, IActorRef balancer, string service, string memberName) =>
        _ = ConnectAsync(endpoint, timeout, member, balancer, service, memberName);

    private static async Task ConnectAsync(EndPoint endpoint, TimeSpan timeout, IActorRef member, IActorRef balancer, string service, string memberName)
    {
        var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await socket.ConnectAsync(endpoint, deadline.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            socket.Dispose();
            member.Tell(new ConnectFailed(e is OperationCanceledException ? ProxyError.MemberTimeout : ProxyError.MemberRefused));
            return;
        }

        var connection = new MemberConnection(socket, member, balancer, service, memberName);
        using (TellsOutsideLock.Scope())
        lock (connection._gate)
            connection.StartWatch();
        member.Tell(new Opened(connection));
    }

    /// <summary>Balancer: hands the connection to <paramref name="lessee"/>; false when it has closed meanwhile.</summary>
    public bool TryLease(IActorRef lessee)
    {
        lock (_gate)
        {
            if (_closed)
                return false;
            _lessee = lessee;
            _readWanted = true;
            _wroteThisLease = false;
            _lastRead = 0;
            _previousLeaseLargestRead = _largestRead;
            _largestRead = 0;
            return true;
        }
    }

    /// <summary>
    /// Lessee: sends <paramref name="first"/> then <paramref name="second"/> (either may be empty) as their own buffers.
    /// True when the kernel took them at once (the write is acknowledged, nothing is posted); otherwise
    /// <see cref="MemberWriteAck"/> or <see cref="MemberClosed"/> follows.
    /// </summary>
    public bool Write(ByteString first, ByteString second)
    {
        using (TellsOutsideLock.Scope())
        lock (_gate)
        {
            if (_closed)
            {
                // Closed while idle or just leased: nothing of this lease reached the member, so a replay is safe.
                TellsOutsideLock.Tell(_lessee, new MemberClosed(this, Graceful: false, BeforeWrite: !_wroteThisLease));
                return false;
            }

            _wroteThisLease = true;
            _segments.Clear();
            ByteStringSegments.AddTo(first, _segments);
            ByteStringSegments.AddTo(second, _segments);
            if (_segments.Count == 1)
            {
                if (_sendArgs.BufferList is not null)
                    _sendArgs.BufferList = null;
                var segment = _segments[0];
                _sendArgs.SetBuffer(segment.Array, segment.Offset, segment.Count);
            }
            else
            {
                _sendArgs.SetBuffer(null, 0, 0);
                _sendArgs.BufferList = _segments;
            }

            bool pending;
            try
            {
                pending = _socket.SendAsync(_sendArgs);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                Fail();
                return false;
            }

            if (pending)
                return false;
            if (_sendArgs.SocketError == SocketError.Success)
                return true;
            Fail();
            return false;
        }
    }

    /// <summary>
    /// Lessee: the previous piece is done with (written and acknowledged, or copied); read the next one. The
    /// previous piece's buffer goes back to the pool here.
    /// </summary>
    public void ReadNext()
    {
        using (TellsOutsideLock.Scope())
        lock (_gate)
        {
            ReturnDelivered();
            if (_closed)
                return;
            _readWanted = true;
            if (!_receiving)
                StartRead();
        }
    }

    /// <summary>
    /// Lessee: ends the lease, and tells the balancer (the one place a release is built). A reusable connection is
    /// watched again; any other is closed. <paramref name="bufferInFlight"/>: a client write still holds the last
    /// piece's buffer, which then goes to the garbage collector rather than back to the pool under it.
    /// </summary>
    public void Release(bool reusable, ExchangeOutcome outcome, bool bufferInFlight = false)
    {
        using (TellsOutsideLock.Scope())
        lock (_gate)
        {
            if (bufferInFlight)
                _delivered = null;
            else
                ReturnDelivered();
            _lessee = null;
            _readWanted = false;
            if (reusable && !_closed && (!_receiving || _watching))
            {
                if (!_receiving)
                    StartWatch();
            }
            else
            {
                reusable = false;
                Close(abort: false);
            }
        }

        Balancer.Tell(new BalancerMessages.ReleaseConnection(this, reusable) { Outcome = outcome });
    }

    /// <summary>Closes with a reset (a broken exchange, a tunnel cut off): the member drops whatever it was sending.</summary>
    public void Abort()
    {
        using (TellsOutsideLock.Scope())
        lock (_gate)
            Close(abort: true);
    }

    /// <summary>Closes gracefully (FIN after what was written): an idle connection retired, a finished tunnel.</summary>
    public void Close()
    {
        using (TellsOutsideLock.Scope())
        lock (_gate)
            Close(abort: false);
    }

    public override string ToString() => MemberName;

    private void StartWatch()
    {
        _receiving = true;
        _watching = true;
        _receiveArgs.SetBuffer(Array.Empty<byte>(), 0, 0);
        Receive();
    }

    private void StartRead()
    {
        _buffer ??= ArrayPool<byte>.Shared.Rent(ReadSize());
        _receiving = true;
        _watching = false;
        _receiveArgs.SetBuffer(_buffer, 0, _buffer.Length);
        Receive();
    }

    private void Receive()
    {
        bool pending;
        try
        {
            pending = _socket.ReceiveAsync(_receiveArgs);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            _receiving = false;
            Fail();
            return;
        }

        if (!pending)
            HandleReceive();
    }

    private void OnReceiveCompleted()
    {
        using (TellsOutsideLock.Scope())
        lock (_gate)
            HandleReceive();
    }

    private void HandleReceive()
    {
        _receiving = false;
        var watch = _watching;
        _watching = false;
        if (_closed)
        {
            ReturnBuffer();
            return;
        }

        var ok = _receiveArgs.SocketError == SocketError.Success;
        if (watch)
        {
            // The runtime completes a zero-byte receive on any readiness event of the socket, including one whose bytes
            // an earlier read already took (seen when the lessee re-arms the watch inside the previous read's completion):
            // where the answer decides a close, the socket is asked whether it really is readable.
            if (ok && (_lessee is null || !_wroteThisLease) && !IsReadable())
            {
                StartWatch();
                return;
            }

            if (_lessee is null)
            {
                // Readable while idle: the member closed it, or sent bytes that answer no request.
                Close(abort: !ok);
                TellsOutsideLock.Tell(Balancer, new IdleLost(this));
            }
            else if (!ok || !_wroteThisLease)
            {
                // Leased, but the member closed it before the request was written: nothing of it was sent.
                Close(abort: true);
                TellsOutsideLock.Tell(_lessee, new MemberClosed(this, Graceful: false, BeforeWrite: !_wroteThisLease));
            }
            else if (_readWanted)
            {
                StartRead();
            }

            return;
        }

        var received = _receiveArgs.BytesTransferred;
        if (!ok || received == 0)
        {
            ReturnBuffer();
            Close(abort: !ok);
            PostClosed(graceful: ok);
            return;
        }

        _readWanted = false;
        _lastRead = received;
        _largestRead = Math.Max(_largestRead, received);
        _delivered = _buffer;
        _buffer = null;
        TellsOutsideLock.Tell(_lessee, new MemberReceived(this, ByteString.FromBytes(_delivered!, 0, received)));
    }

    private void OnSendCompleted()
    {
        using (TellsOutsideLock.Scope())
        lock (_gate)
        {
            if (_closed)
                return;
            if (_sendArgs.SocketError == SocketError.Success)
                TellsOutsideLock.Tell(_lessee, new MemberWriteAck(this));
            else
                Fail();
        }
    }

    private void Fail()
    {
        Close(abort: true);
        PostClosed(graceful: false);
    }

    private void PostClosed(bool graceful) =>
        TellsOutsideLock.Tell(_lessee, new MemberClosed(this, graceful, BeforeWrite: false));

    private void Close(bool abort)
    {
        if (_closed)
            return;
        _closed = true;
        try
        {
            // A receive is usually pending (the idle watch, or a read awaiting the response), and disposing a socket
            // with one pending resets it on Linux: a graceful close shuts it down first, so the member gets a FIN.
            if (abort)
                _socket.LingerState = new LingerOption(true, 0);
            else
                _socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Already reset by the member: closing is all that is left.
        }

        _socket.Dispose();
        // A pending receive ends with OperationAborted and returns its buffer then; none pending, return it now.
        // A delivered piece stays the lessee's: a client write may still be sending it.
        if (!_receiving)
            ReturnBuffer();
        TellsOutsideLock.Tell(Member, new Closed(this));
    }

    /// <summary>Bytes or an end of stream wait to be read (an error counts too: the close that follows reports it).</summary>
    private bool IsReadable()
    {
        try
        {
            return _socket.Poll(0, SelectMode.SelectRead);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            return true;
        }
    }

    /// <summary>
    /// The first read of a lease is as large as the previous lease's largest: a connection that serves small responses
    /// asks the kernel nothing (an ioctl per request), one that serves large ones starts at full size. Later reads take
    /// what the kernel holds already, or as much as the last read got. Always between 4 and 64 KiB.
    /// </summary>
    private int ReadSize()
    {
        if (_lastRead == 0)
            return Clamp(_previousLeaseLargestRead);
        var available = 0;
        try
        {
            available = _socket.Available;
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // The read that follows reports the error.
        }

        return Clamp(Math.Max(available, _lastRead));
    }

    private static int Clamp(int wanted) =>
        wanted <= MinReadBytes ? MinReadBytes
        : wanted >= MaxReadBytes ? MaxReadBytes
        : (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)wanted);

    private void ReturnDelivered()
    {
        if (_delivered is null)
            return;
        ArrayPool<byte>.Shared.Return(_delivered);
        _delivered = null;
    }

    private void ReturnBuffer()
    {
        if (_buffer is null)
            return;
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = null;
    }
}
