namespace Paralarva.Actors.Status;

/// <summary>
/// Where the MetricsActor publishes the proxy's status for the monitoring port's <c>/status</c> page: one
/// immutable <see cref="ProxyStatus"/> behind a reference swapped with <see cref="Volatile"/>, so a reader on
/// any thread sees a whole snapshot and never the actor's mutable state.
/// </summary>
internal sealed class StatusBoard
{
    private ProxyStatus _current = ProxyStatus.Empty;

    /// <summary>The latest snapshot; <see cref="ProxyStatus.Empty"/> before the first one.</summary>
    public ProxyStatus Current => Volatile.Read(ref _current);

    /// <summary>Called by the MetricsActor only.</summary>
    public void Publish(ProxyStatus status) => Volatile.Write(ref _current, status);
}
