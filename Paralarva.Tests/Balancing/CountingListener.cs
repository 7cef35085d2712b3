using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Paralarva.Tests.Common;

namespace Paralarva.Tests.Balancing;

/// <summary>A loopback TCP server that accepts and holds connections, counting them: a member for pool tests.</summary>
/// <remarks>
/// A client's connect completes when the kernel has queued the connection, before the accept loop has taken it:
/// <see cref="Accepted"/> read right after a lease can still be one short. Assert counts with
/// <see cref="AssertAccepted"/>, which waits for the count (armed before it looks) and then for a quiet period.
/// </remarks>
internal sealed class CountingListener : IDisposable
{
    /// <summary>How long a count must stay unchanged to count as final: long enough for a pending accept to land.</summary>
    public static readonly TimeSpan DefaultQuiet = TimeSpan.FromMilliseconds(300);

    private static readonly TimeSpan AcceptTimeout = TimeSpan.FromSeconds(10);

    private readonly CountWaiter _accepts = new("accepted connections");
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly ConcurrentQueue<Socket> _accepted = new();
    private readonly CancellationTokenSource _stop = new();

    public CountingListener()
    {
        _listener.Start();
        _ = AcceptLoopAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>A snapshot, possibly behind connects that already completed; see <see cref="AssertAccepted"/>.</summary>
    public int Accepted => _accepted.Count;

    /// <summary>Blocks until at least <paramref name="count"/> connections were accepted; throws naming the count seen otherwise.</summary>
    public void WaitForAccepted(int count, TimeSpan? timeout = null) =>
        _accepts.WaitForAsync(count, timeout ?? AcceptTimeout).GetAwaiter().GetResult();

    /// <summary>
    /// Asserts that exactly <paramref name="expected"/> connections arrive: waits for them, then for
    /// <paramref name="quiet"/> (default <see cref="DefaultQuiet"/>) in which no further one may arrive.
    /// </summary>
    public void AssertAccepted(int expected, TimeSpan? quiet = null)
    {
        if (expected > 0)
            WaitForAccepted(expected);
        var extra = _accepts.WaitForAsync(expected + 1, quiet ?? DefaultQuiet);
        try
        {
            extra.GetAwaiter().GetResult();
        }
        catch (TimeoutException)
        {
            return;
        }

        Assert.Fail("expected exactly " + expected + " accepted connections, saw " + _accepts.Count);
    }

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
            {
                _accepted.Enqueue(await _listener.AcceptSocketAsync(_stop.Token));
                _accepts.Increment();
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // stopped
        }
    }
}
