using System.Net.Sockets;
using Akka.IO;

namespace Paralarva.Actors.Listener;

/// <summary>
/// Makes a listening socket bound to <c>[::]</c> accept IPv4 clients too (IPV6_V6ONLY off), which .NET turns on by
/// default: what a pod on a dual-stack cluster needs, and what nginx's <c>listen [::]:80 ipv6only=off</c> gives.
/// The ListenerActor passes it only for <c>[::]</c>: an IPv4 or a specific IPv6 address stays single-stack.
/// </summary>
internal sealed class DualModeOption : Inet.SocketOption
{
    public static readonly DualModeOption Instance = new();

    private DualModeOption()
    {
    }

    public override void BeforeServerSocketBind(Socket ss)
    {
        if (ss.AddressFamily == AddressFamily.InterNetworkV6)
            ss.DualMode = true;
    }
}
