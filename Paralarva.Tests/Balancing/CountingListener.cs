using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Paralarva.Tests.Balancing;

/// <summary>A loopback TCP server that accepts and holds connections, counting them: a member for pool tests.</summary>
internal sealed class CountingListener : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly ConcurrentQueue<Socket> _accepted = new();
    private readonly CancellationTokenSource _stop = new();

    public CountingListener()
    {
        _listener.Start();
        _ = AcceptLoopAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public int Accepted => _accepted.Count;

    /// <summary>Closes every accepted connection from the server side (FIN), as a member's idle timeout would.</summary>
    public void CloseAccepted()
    {
        foreach (var socket in _accepted)
            socket.Close();
    }

    /// <summary>Sends <paramref name="bytes"/> on every accepted connection, as a member answering would.</summary>
    public void SendToAccepted(byte[] bytes)
    {
        foreach (var socket in _accepted)
            socket.Send(bytes);
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        foreach (var socket in _accepted)
            socket.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
                _accepted.Enqueue(await _listener.AcceptSocketAsync(_stop.Token));
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // stopped
        }
    }
}
