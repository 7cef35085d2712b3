using System.Collections.Concurrent;
using Paralarva.Tests.Common;

namespace Paralarva.Tests.EndToEnd;

/// <summary>
/// Clients that each hold one keep-alive connection and send GETs back to back until stopped,
/// recording every answer that was not 200 (and every exception): what a reload must not cause.
/// </summary>
internal sealed class KeepAliveLoad : IAsyncDisposable
{
    /// <summary>Per client: the load is stopped long before this, it only bounds a loop gone wrong.</summary>
    private const int MaxRequestsPerClient = 200_000;

    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _clients = [];
    private readonly ConcurrentQueue<string> _problems = new();
    private long _ok;

    private KeepAliveLoad()
    {
    }

    public long Ok => Interlocked.Read(ref _ok);

    public IReadOnlyCollection<string> Problems => _problems;

    public static async Task<KeepAliveLoad> StartAsync(int port, string host, int clients)
    {
        var load = new KeepAliveLoad();
        for (var i = 0; i < clients; i++)
        {
            var client = await RawHttpClient.ConnectAsync(port);
            load._clients.Add(Task.Run(() => load.RunAsync(client, host)));
        }

        return load;
    }

    /// <summary>Stops the clients after their current request and waits for them.</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_clients).WaitAsync(TimeSpan.FromSeconds(30));
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
            await StopAsync();
        _stop.Dispose();
    }

    private async Task RunAsync(RawHttpClient client, string host)
    {
        await using (client)
        {
            for (var i = 0; i < MaxRequestsPerClient && !_stop.IsCancellationRequested; i++)
            {
                try
                {
                    var response = await client.SendAndReadAsync(RawRequest.Get(host, "/load"));
                    if (response.StatusCode == 200)
                        Interlocked.Increment(ref _ok);
                    else
                        _problems.Enqueue("status " + response.StatusCode);
                }
                catch (Exception e)
                {
                    _problems.Enqueue(e.GetType().Name + ": " + e.Message);
                    return; // the connection is gone: a reload dropped it
                }
            }
        }
    }
}
