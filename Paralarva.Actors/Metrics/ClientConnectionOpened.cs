namespace Paralarva.Actors.Metrics;

/// <summary>RequestActor → MetricsActor: a client connection was accepted and handed to its RequestActor.</summary>
internal sealed class ClientConnectionOpened
{
    public static readonly ClientConnectionOpened Instance = new();

    private ClientConnectionOpened() { }
}
