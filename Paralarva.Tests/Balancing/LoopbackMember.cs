using System.Net;
using System.Net.Sockets;
using Akka.Actor;
using Akka.TestKit;
using Paralarva.Actors.Balancing;
using static Paralarva.Actors.Balancing.MemberConnectionMessages;

namespace Paralarva.Tests.Balancing;

/// <summary>
/// A member on 127.0.0.1, port 0, whose connections the test accepts itself (<see cref="MemberSocket"/>), with a
/// probe standing in for its MemberActor: <see cref="Open"/> opens a real <see cref="MemberConnection"/> to it, as
/// the MemberActor does.
/// </summary>
internal sealed class LoopbackMember : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly List<MemberSocket> _accepted = [];

    public LoopbackMember(TestKitBase kit, string label)
    {
        _listener.Start();
        Probe = kit.CreateTestProbe("member-" + label);
    }

    /// <summary>Stands in for the MemberActor: gets <see cref="Opened"/> and <see cref="Closed"/>.</summary>
    public TestProbe Probe { get; }

    public IPEndPoint EndPoint => (IPEndPoint)_listener.LocalEndpoint;

    /// <summary>"address:port", as a MemberActor names its member.</summary>
    public string Name => "127.0.0.1:" + EndPoint.Port;

    /// <summary>Accepts the next connection made to this member.</summary>
    public MemberSocket Accept()
    {
        using var deadline = new CancellationTokenSource(MemberSocket.Wait);
        var socket = new MemberSocket(_listener.AcceptSocketAsync(deadline.Token).AsTask().GetAwaiter().GetResult());
        _accepted.Add(socket);
        return socket;
    }

    /// <summary>Opens a connection as the MemberActor would, with <paramref name="balancer"/> as its pool; accepts it.</summary>
    public (MemberConnection Connection, MemberSocket Socket) Open(IActorRef balancer)
    {
        MemberConnection.Open(EndPoint, MemberSocket.Wait, Probe.Ref, balancer, "svc", Name);
        var socket = Accept();
        // Earlier connections' Closed may come first.
        var opened = Probe.FishForMessage<Opened>(_ => true, MemberSocket.Wait);
        return (opened.Connection, socket);
    }

    public void Dispose()
    {
        _listener.Stop();
        foreach (var socket in _accepted)
            socket.Dispose();
    }
}
