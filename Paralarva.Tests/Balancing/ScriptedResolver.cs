using System.Net;
using System.Net.Sockets;
using Paralarva.Actors.Balancing;

namespace Paralarva.Tests.Balancing;

/// <summary>A <see cref="HostResolver"/> whose answer the test changes over time; counts the resolutions asked for.</summary>
internal sealed class ScriptedResolver
{
    private volatile IPAddress[]? _answer;
    private int _calls;

    public ScriptedResolver(params string[] addresses) => Answer(addresses);

    public int Calls => Volatile.Read(ref _calls);

    /// <summary>When set, resolutions answer only once it completes (a slow DNS server).</summary>
    public Task? Gate { get; set; }

    /// <summary>What the next resolutions return.</summary>
    public void Answer(params string[] addresses) => _answer = [.. addresses.Select(IPAddress.Parse)];

    /// <summary>The next resolutions fail as a DNS server that does not answer would.</summary>
    public void Fail() => _answer = null;

    public HostResolver Resolver => (_, _) =>
    {
        Interlocked.Increment(ref _calls);
        var gate = Gate ?? Task.CompletedTask;
        return gate.ContinueWith(_ => _answer ?? throw new SocketException((int)SocketError.TryAgain), TaskScheduler.Default);
    };
}
