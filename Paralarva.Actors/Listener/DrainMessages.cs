namespace Paralarva.Actors.Listener;

/// <summary>The graceful shutdown protocol between ProxyActor, ListenerActor and RequestActors.</summary>
internal static class DrainMessages
{
    /// <summary>
    /// ProxyActor → ListenerActor: keep accepting for <paramref name="GracePeriod"/>, then unbind, close idle
    /// connections, let busy ones finish their exchange, and abort what remains after <paramref name="DrainTimeout"/>.
    /// A second one while draining hurries: the grace period ends at once and the shorter timeout wins.
    /// </summary>
    public sealed record StartDraining(TimeSpan GracePeriod, TimeSpan DrainTimeout);

    /// <summary>ListenerActor → parent: no client connection is left; <paramref name="Aborted"/> were cut at the timeout.</summary>
    public sealed record Drained(int Aborted);

    /// <summary>ListenerActor → RequestActor: close when idle; a busy connection closes after its current response.</summary>
    public sealed class DrainConnection
    {
        public static readonly DrainConnection Instance = new();
        private DrainConnection() { }
    }

    /// <summary>ListenerActor → RequestActor: the drain timeout passed; abort the connection now.</summary>
    public sealed class AbortConnection
    {
        public static readonly AbortConnection Instance = new();
        private AbortConnection() { }
    }
}
