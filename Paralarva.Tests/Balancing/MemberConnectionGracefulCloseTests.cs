using Akka.IO;
using Akka.TestKit;
using Akka.TestKit.Xunit2;
using Paralarva.Actors.Health;
using static Paralarva.Actors.Balancing.MemberConnectionMessages;

namespace Paralarva.Tests.Balancing;

/// <summary>
/// MemberConnection.Close() and Release(reusable: false) promise "FIN after what was written"; a connection that is
/// watched or reading has a receive pending, and .NET on Linux turns the close of a socket with pending IO into a
/// reset (dotnet/runtime#43385): the member sees ECONNRESET, and bytes still in the proxy's send buffer are dropped.
/// </summary>
public sealed class MemberConnectionGracefulCloseTests : TestKit
{
    private readonly LoopbackMember _member;
    private readonly TestProbe _balancer;

    public MemberConnectionGracefulCloseTests()
    {
        _member = new LoopbackMember(this, "m");
        _balancer = CreateTestProbe("balancer");
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            _member.Dispose();
        base.Dispose(disposing);
    }

    [Fact]
    public void Close_IdleWatchedConnection_TheMemberSeesAFinNotAReset()
    {
        // member_idle retiring a pooled connection (BalancerActor.CloseIdle) does exactly this.
        var (connection, socket) = _member.Open(_balancer.Ref);

        connection.Close();

        Assert.Equal(MemberSocketEnd.Fin, socket.ExpectEnd());
    }

    [Fact]
    public void ReleaseNotReusable_WrittenAndWaitingForTheResponse_TheMemberSeesAFinNotAReset()
    {
        var lessee = CreateTestProbe("lessee");
        var (connection, socket) = _member.Open(_balancer.Ref);
        Assert.True(connection.TryLease(lessee.Ref));
        Assert.True(connection.Write(ByteString.FromString("GET / HTTP/1.1\r\n\r\n"), ByteString.Empty));
        socket.ReadHead();

        connection.Release(reusable: false, ExchangeOutcome.Unknown);

        Assert.Equal(MemberSocketEnd.Fin, socket.ExpectEnd());
    }

    [Fact]
    public void ReleaseNotReusable_NoReceivePending_TheMemberSeesAFin()
    {
        // The control: after a piece was delivered and before the next read, nothing is pending, and the FIN goes out.
        var lessee = CreateTestProbe("lessee");
        var (connection, socket) = _member.Open(_balancer.Ref);
        Assert.True(connection.TryLease(lessee.Ref));
        Assert.True(connection.Write(ByteString.FromString("GET / HTTP/1.1\r\n\r\n"), ByteString.Empty));
        socket.ReadHead();
        socket.Send("HTTP/1.1 204 No Content\r\n\r\n");
        lessee.ExpectMsg<MemberReceived>(MemberSocket.Wait);

        connection.Release(reusable: false, ExchangeOutcome.Unknown);

        Assert.Equal(MemberSocketEnd.Fin, socket.ExpectEnd());
    }
}
