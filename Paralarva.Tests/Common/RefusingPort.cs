using System.Net;
using System.Net.Sockets;

namespace Paralarva.Tests.Common;

/// <summary>
/// A loopback port that refuses connections for as long as this object lives: bound (so no other test or process
/// can take it) but never listening, so every connect is answered with a reset. A dead member without the race of
/// a "free" port that someone else may start listening on.
/// </summary>
public sealed class RefusingPort : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);

    public RefusingPort()
    {
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        Port = ((IPEndPoint)_socket.LocalEndPoint!).Port;
    }

    public int Port { get; }

    public void Dispose() => _socket.Dispose();
}
