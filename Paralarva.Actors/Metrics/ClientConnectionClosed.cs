namespace Paralarva.Actors.Metrics;

/// <summary>RequestActor → MetricsActor: a client connection ended (its RequestActor stopped).</summary>
internal sealed class ClientConnectionClosed
{
    public static readonly ClientConnectionClosed Instance = new();

    private ClientConnectionClosed() { }
}
