namespace Paralarva.Actors.Proxy;

internal static partial class ProxyMessages
{
    /// <summary>
    /// Asked from the host on SIGTERM (grace period from the config) or SIGINT (none): drain the client
    /// connections; answered with <see cref="DrainCompleted"/> once none is left. Asking again while draining hurries.
    /// </summary>
    public sealed record Drain(TimeSpan GracePeriod, TimeSpan DrainTimeout);

    /// <summary>Every client connection is closed; <paramref name="Aborted"/> of them were cut at the drain timeout.</summary>
    public sealed record DrainCompleted(int Aborted);
}
