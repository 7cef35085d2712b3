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

    /// <summary>What the next resolutions return.</summary>
    public void Answer(params string[] addresses) => _answer = [.. addresses.Select(IPAddress.Parse)];

    /// <summary>The next resolutions fail as a DNS server that does not answer would.</summary>
    public void Fail() => _answer = null;

    public HostResolver Resolver => (_, _) =>
    {
        Interlocked.Increment(ref _calls);
        var answer = _answer;
        return answer is null
            ? Task.FromException<IPAddress[]>(new SocketException((int)SocketError.TryAgain))
            : Task.FromResult(answer);
    };
}
