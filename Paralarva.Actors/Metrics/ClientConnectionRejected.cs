namespace Paralarva.Actors.Metrics;

/// <summary>ListenerActor → MetricsActor: the listener aborted a client connection because the connection limit was reached.</summary>
internal sealed class ClientConnectionRejected
{
    public static readonly ClientConnectionRejected Instance = new();

    private ClientConnectionRejected() { }
}
