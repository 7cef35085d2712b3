namespace Paralarva.Actors.Metrics;

/// <summary>ProxyActor → MetricsActor: a graceful shutdown started (<c>paralarva_draining</c> becomes 1).</summary>
internal sealed class DrainingChanged
{
    public static readonly DrainingChanged Started = new(draining: true);

    private DrainingChanged(bool draining) => Draining = draining;

    public bool Draining { get; }
}
