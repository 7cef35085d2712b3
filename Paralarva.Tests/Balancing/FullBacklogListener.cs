using System.Net;
using System.Net.Sockets;

namespace Paralarva.Tests.Balancing;

/// <summary>
/// A loopback listener that never accepts, with its backlog filled: the kernel drops further SYNs, so a connect to it
/// neither succeeds nor is refused, which is how a member that is down behind a firewall looks (a connect timeout).
/// </summary>
internal sealed class FullBacklogListener : IDisposable
{
    private const int MaxFillers = 64;
    private static readonly TimeSpan FillerWait = TimeSpan.FromMilliseconds(500);

    private readonly Socket _listener = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    private readonly List<Socket> _fillers = [];

    public FullBacklogListener()
    {
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen(1);
        for (var i = 0; i < MaxFillers; i++)
        {
            var filler = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            _fillers.Add(filler);
            var connect = filler.ConnectAsync(EndPoint);
            if (!connect.Wait(FillerWait))
            {
                // Observe the attempt's eventual failure (at disposal) so it is not an unobserved task exception.
                _ = connect.ContinueWith(t => t.Exception, TaskScheduler.Default);
                return;
            }
        }

        throw new InvalidOperationException("the listener's backlog never filled after " + MaxFillers + " connections");
    }

    public IPEndPoint EndPoint => (IPEndPoint)_listener.LocalEndPoint!;

    public void Dispose()
    {
        foreach (var filler in _fillers)
            filler.Dispose();
        _listener.Dispose();
    }
}
