using System.Net;
using Paralarva.Actors.Config;

namespace Paralarva.Actors.Proxy;

internal static partial class ProxyMessages
{
    /// <summary>Asked from the host (the edge, where Ask is fine): answered with <see cref="ListenStatus"/> once the listener bound or failed.</summary>
    public sealed class GetListenStatus
    {
        public static readonly GetListenStatus Instance = new();
        private GetListenStatus() { }
    }

    /// <summary>Either the address the proxy accepts clients on, or why it cannot.</summary>
    public sealed record ListenStatus(EndPoint? LocalAddress, string? Error);

    /// <summary>Host → ProxyActor: apply this validated configuration; answered with <see cref="ReloadApplied"/>.</summary>
    public sealed record Reload(ProxyConfig Config);

    /// <summary>Host → ProxyActor: the file failed to load or validate (the host logged why); the running configuration stays.</summary>
    public sealed class ReloadRejected
    {
        public static readonly ReloadRejected Instance = new();
        private ReloadRejected() { }
    }

    /// <summary>
    /// What a reload did: <paramref name="Result"/> is one of <c>Metrics.ReloadResults</c>;
    /// <paramref name="Changes"/> one line per change, for the host's log.
    /// </summary>
    public sealed record ReloadApplied(string Result, IReadOnlyList<string> Changes);
}
