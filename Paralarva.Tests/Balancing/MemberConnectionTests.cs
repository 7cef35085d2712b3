using System.Net;
using System.Net.Sockets;
using System.Text;
using Akka.Actor;
using Akka.IO;
using Akka.TestKit;
using Akka.TestKit.Xunit2;
using Paralarva.Actors.Balancing;
using Paralarva.Actors.Health;
using Paralarva.Actors.Http;
using Paralarva.Tests.Common;
using static Paralarva.Actors.Balancing.BalancerMessages;
using static Paralarva.Actors.Balancing.MemberConnectionMessages;

namespace Paralarva.Tests.Balancing;

/// <summary>
/// A pooled member connection over loopback: connecting, the zero-byte watch of an idle connection, a lease's
/// writes and pulled reads, and the ways it ends. Probes stand in for its MemberActor, its BalancerActor and the lessee.
/// </summary>
public sealed class MemberConnectionTests : TestKit
{
    private static readonly TimeSpan Wait = MemberSocket.Wait;

    private readonly LoopbackMember _member;
    private readonly TestProbe _balancer;
    private readonly TestProbe _lessee;

    public MemberConnectionTests()
    {
        _member = new LoopbackMember(this, "m");
        _balancer = CreateTestProbe("balancer");
        _lessee = CreateTestProbe("lessee");
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            _member.Dispose();
        base.Dispose(disposing);
    }

    private static ByteString Bytes(string text) => ByteString.FromString(text, Encoding.Latin1);

    private static string Text(MemberReceived received) => received.Data.ToString(Encoding.Latin1);

    /// <summary>Opened and leased to the lessee probe, the request written and read by the member.</summary>
    private (MemberConnection Connection, MemberSocket Socket) LeaseAndWrite(string request = "GET / HTTP/1.1\r\n\r\n")
    {
        var (connection, socket) = _member.Open(_balancer.Ref);
        Assert.True(connection.TryLease(_lessee.Ref));
        Assert.True(connection.Write(Bytes(request), ByteString.Empty));
        Assert.Equal(request, socket.ReadHead());
        return (connection, socket);
    }

    [Fact]
    public void Open_MemberRefuses_ConnectFailedMemberRefused()
    {
        IPEndPoint closed;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            closed = (IPEndPoint)listener.LocalEndpoint;
            listener.Stop();
        }

        MemberConnection.Open(closed, Wait, _member.Probe.Ref, _balancer.Ref, "svc", "closed");

        Assert.Equal(ProxyError.MemberRefused, _member.Probe.ExpectMsg<ConnectFailed>(Wait).Error);
    }

    [Fact]
    public void Open_NotConnectedWithinTheTimeout_ConnectFailedMemberTimeout()
    {
        using var full = new FullBacklogListener();

        MemberConnection.Open(full.EndPoint, TimeSpan.FromMilliseconds(300), _member.Probe.Ref, _balancer.Ref, "svc", "full");

        Assert.Equal(ProxyError.MemberTimeout, _member.Probe.ExpectMsg<ConnectFailed>(Wait).Error);
    }

    [Fact]
    public void Opened_NeverLeased_MemberClosingItIsSeenAtOnce()
    {
        var (connection, socket) = _member.Open(_balancer.Ref);

        // A member's keep-alive timeout closing a connection nobody leased yet: the pool must learn it now,
        // not when the next request is written into a dead socket.
        socket.Close();

        Assert.Same(connection, _balancer.ExpectMsg<IdleLost>(Wait).Connection);
        Assert.Same(connection, _member.Probe.ExpectMsg<Closed>().Connection);
        Assert.True(connection.IsClosed);
        Assert.False(connection.TryLease(_lessee.Ref));
    }

    [Fact]
    public void Opened_NeverLeased_MemberSendsUnaskedBytes_ClosedAsLost()
    {
        var (connection, socket) = _member.Open(_balancer.Ref);

        socket.Send("HTTP/1.1 408 Request Timeout\r\n\r\n");

        Assert.Same(connection, _balancer.ExpectMsg<IdleLost>(Wait).Connection);
        _member.Probe.ExpectMsg<Closed>();
        Assert.False(connection.TryLease(_lessee.Ref));
    }

    [Fact]
    public void Leased_WrittenAndAnswered_ResponseArrivesWithoutAReadAskedFor()
    {
        var (connection, socket) = LeaseAndWrite();

        socket.Send("HTTP/1.1 204 No Content\r\n\r\n");

        var received = _lessee.ExpectMsg<MemberReceived>(Wait);
        Assert.Same(connection, received.Connection);
        Assert.Equal("HTTP/1.1 204 No Content\r\n\r\n", Text(received));
    }

    [Fact]
    public void Leased_TwoBuffersWritten_TheMemberGetsBothInOrder()
    {
        var (connection, socket) = _member.Open(_balancer.Ref);
        Assert.True(connection.TryLease(_lessee.Ref));

        Assert.True(connection.Write(Bytes("POST / HTTP/1.1\r\nContent-Length: 4\r\n\r\n"), Bytes("ab").Concat(Bytes("cd"))));

        Assert.Equal("POST / HTTP/1.1\r\nContent-Length: 4\r\n\r\nabcd", socket.ReadRequest());
    }

    [Fact]
    public void ReadNext_PullsTheNextPiece_NothingIsReadUntilThen()
    {
        var (connection, socket) = LeaseAndWrite();
        socket.Send("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhello");
        _lessee.ExpectMsg<MemberReceived>(Wait);

        socket.Send("world");
        _lessee.ExpectNoMsg(Absence.Window);
        connection.ReadNext();

        Assert.Equal("world", Text(_lessee.ExpectMsg<MemberReceived>(Wait)));
    }

    [Fact]
    public void Write_MoreThanTheKernelTakesAtOnce_MemberWriteAckOnceTaken()
    {
        const int Size = 32 * 1024 * 1024;
        var (connection, socket) = _member.Open(_balancer.Ref);
        Assert.True(connection.TryLease(_lessee.Ref));

        Assert.False(connection.Write(ByteString.FromBytes(new byte[Size]), ByteString.Empty));
        _lessee.ExpectNoMsg(Absence.Window);
        socket.Discard(Size);

        Assert.Same(connection, _lessee.ExpectMsg<MemberWriteAck>(Wait).Connection);
    }

    [Fact]
    public void Leased_MemberClosesAfterTheResponse_MemberClosedGraceful()
    {
        var (connection, socket) = LeaseAndWrite();
        socket.Send("HTTP/1.1 200 OK\r\n\r\nuntil close");
        _lessee.ExpectMsg<MemberReceived>(Wait);

        socket.Close();
        connection.ReadNext();

        var closed = _lessee.ExpectMsg<MemberClosed>(Wait);
        Assert.Same(connection, closed.Connection);
        Assert.True(closed.Graceful);
        Assert.False(closed.BeforeWrite);
        _member.Probe.ExpectMsg<Closed>();
    }

    [Fact]
    public void Leased_MemberClosesBeforeAnswering_MemberClosedGracefulAfterTheWrite()
    {
        var (connection, socket) = LeaseAndWrite();

        socket.Close();

        var closed = _lessee.ExpectMsg<MemberClosed>(Wait);
        Assert.True(closed.Graceful);
        Assert.False(closed.BeforeWrite);
        Assert.True(connection.IsClosed);
    }

    [Fact]
    public void Leased_MemberResets_MemberClosedNotGraceful()
    {
        var (connection, socket) = LeaseAndWrite();

        socket.Reset();

        var closed = _lessee.ExpectMsg<MemberClosed>(Wait);
        Assert.False(closed.Graceful);
        Assert.False(closed.BeforeWrite);
        Assert.True(connection.IsClosed);
    }

    [Fact]
    public void Leased_MemberClosedItBeforeAnythingWasWritten_MemberClosedBeforeWrite()
    {
        var (connection, socket) = _member.Open(_balancer.Ref);
        Assert.True(connection.TryLease(_lessee.Ref));

        // The member's keep-alive timeout fired just as the balancer leased the idle connection.
        socket.Close();

        var closed = _lessee.ExpectMsg<MemberClosed>(Wait);
        Assert.Same(connection, closed.Connection);
        Assert.True(closed.BeforeWrite);
        _balancer.ExpectNoMsg(Absence.Window);
    }

    [Fact]
    public void ReleaseReusable_BalancerTold_AndTheIdleConnectionIsWatchedAgain()
    {
        var (connection, socket) = LeaseAndWrite();
        socket.Send("HTTP/1.1 204 No Content\r\n\r\n");
        _lessee.ExpectMsg<MemberReceived>(Wait);

        connection.Release(reusable: true, ExchangeOutcome.Success);

        var release = _balancer.ExpectMsg<ReleaseConnection>();
        Assert.Same(connection, release.Connection);
        Assert.True(release.Reusable);
        Assert.Equal(ExchangeOutcome.Success, release.Outcome);
        Assert.False(connection.IsClosed);
        // Idle again, and watched: the member closing it is seen at once.
        socket.Close();
        Assert.Same(connection, _balancer.ExpectMsg<IdleLost>(Wait).Connection);
        _member.Probe.ExpectMsg<Closed>();
        _lessee.ExpectNoMsg(Absence.Window);
    }

    [Fact]
    public void ReleaseReusable_LeasedAgain_TheNextResponseArrivesWithoutARead()
    {
        var (connection, socket) = LeaseAndWrite();
        socket.Send("HTTP/1.1 204 No Content\r\n\r\n");
        _lessee.ExpectMsg<MemberReceived>(Wait);
        connection.Release(reusable: true, ExchangeOutcome.Success);
        _balancer.ExpectMsg<ReleaseConnection>();
        var next = CreateTestProbe("next");

        Assert.True(connection.TryLease(next.Ref));
        Assert.True(connection.Write(Bytes("GET /2 HTTP/1.1\r\n\r\n"), ByteString.Empty));
        Assert.StartsWith("GET /2 ", socket.ReadHead());
        socket.Send("HTTP/1.1 204 No Content\r\n\r\n");

        Assert.Same(connection, next.ExpectMsg<MemberReceived>(Wait).Connection);
        _lessee.ExpectNoMsg(Absence.Window);
    }

    [Fact]
    public void FirstReadOfALease_PreviousLeaseReadSmallPieces_SmallBufferWithoutAskingTheKernel()
    {
        var (connection, socket) = LeaseAndWrite();
        socket.Send("HTTP/1.1 204 No Content\r\n\r\n");
        _lessee.ExpectMsg<MemberReceived>(Wait);
        var next = LeaseAgain(connection, socket);

        socket.Send(new string('x', 100 * 1024));

        // The kernel holds more, but a connection that served small responses reads the next one's start in 4 KiB.
        Assert.Equal(4 * 1024, next.ExpectMsg<MemberReceived>(Wait).Data.Count);
    }

    [Fact]
    public void FirstReadOfALease_PreviousLeaseReadFullPieces_FullSizeBuffer()
    {
        var (connection, socket) = LeaseAndWrite();
        socket.Send(new string('x', 200 * 1024));
        var read = _lessee.ExpectMsg<MemberReceived>(Wait).Data.Count;
        for (var reads = 1; read < 200 * 1024 && reads < 200; reads++)
        {
            connection.ReadNext();
            read += _lessee.ExpectMsg<MemberReceived>(Wait).Data.Count;
        }

        var next = LeaseAgain(connection, socket);
        socket.Send(new string('x', 100 * 1024));

        // More than a small buffer holds: the read runs as soon as the first of these bytes arrive, so it may see
        // less than the 64 KiB the buffer could take while the send is still being copied.
        Assert.InRange(next.ExpectMsg<MemberReceived>(Wait).Data.Count, 4 * 1024 + 1, 64 * 1024);
    }

    /// <summary>Released reusable and leased to a new probe, which has written its request.</summary>
    private TestProbe LeaseAgain(MemberConnection connection, MemberSocket socket)
    {
        connection.Release(reusable: true, ExchangeOutcome.Success);
        _balancer.ExpectMsg<ReleaseConnection>();
        var next = CreateTestProbe();
        Assert.True(connection.TryLease(next.Ref));
        Assert.True(connection.Write(Bytes("GET /next HTTP/1.1\r\n\r\n"), ByteString.Empty));
        Assert.StartsWith("GET /next ", socket.ReadHead());
        return next;
    }

    [Fact]
    public void ReleaseNotReusable_ClosedAndTheMemberToldOnce()
    {
        var (connection, socket) = LeaseAndWrite();

        connection.Release(reusable: false, ExchangeOutcome.Reset);

        var release = _balancer.ExpectMsg<ReleaseConnection>();
        Assert.False(release.Reusable);
        Assert.Equal(ExchangeOutcome.Reset, release.Outcome);
        Assert.True(connection.IsClosed);
        Assert.Same(connection, _member.Probe.ExpectMsg<Closed>().Connection);
        socket.ExpectEnd();
        _member.Probe.ExpectNoMsg(Absence.Window);
        _lessee.ExpectNoMsg(Absence.Window);
    }

    [Fact]
    public void ReleaseReusable_AfterTheMemberClosedIt_ToldNotReusable()
    {
        var (connection, socket) = LeaseAndWrite();
        socket.Close();
        _lessee.ExpectMsg<MemberClosed>(Wait);

        connection.Release(reusable: true, ExchangeOutcome.Reset);

        Assert.False(_balancer.ExpectMsg<ReleaseConnection>().Reusable);
        _member.Probe.ExpectMsg<Closed>();
        _member.Probe.ExpectNoMsg(Absence.Window);
    }

    [Fact]
    public void Abort_TheMemberSeesAReset()
    {
        var (connection, socket) = LeaseAndWrite();

        connection.Abort();

        Assert.Equal(MemberSocketEnd.Reset, socket.ExpectEnd());
        _member.Probe.ExpectMsg<Closed>();
    }

    [Fact]
    public void Write_AfterTheConnectionClosed_MemberClosedPosted()
    {
        var (connection, _) = _member.Open(_balancer.Ref);
        Assert.True(connection.TryLease(_lessee.Ref));
        connection.Abort();

        Assert.False(connection.Write(Bytes("GET / HTTP/1.1\r\n\r\n"), ByteString.Empty));

        Assert.False(_lessee.FishForMessage<MemberClosed>(m => m is MemberClosed, Wait).Graceful);
    }
}
