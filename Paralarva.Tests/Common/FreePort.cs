using System.Net;
using System.Net.Sockets;

namespace Paralarva.Tests.Common;

/// <summary>
/// Finds a loopback TCP port that was free a moment ago: binds 127.0.0.1:0, reads the port
/// the kernel picked, and releases it. Another process may take it before the caller binds
/// it, so callers that start external processes retry with a new port on "address in use".
/// In-process servers should bind port 0 themselves instead.
/// </summary>
public static class FreePort
{
    public static int Next()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}
