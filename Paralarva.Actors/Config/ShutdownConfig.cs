namespace Paralarva.Actors.Config;

/// <summary>Optional <c>proxy.shutdown</c> section: how a SIGTERM is turned into a graceful drain.</summary>
/// <param name="GracePeriod">
/// After SIGTERM, keep accepting this long while readiness reports false: Kubernetes removes the pod from its
/// Service's endpoints only after it sees the change, and clients still arrive meanwhile. SIGINT skips it.
/// </param>
/// <param name="DrainTimeout">Then wait this long for in-flight exchanges before aborting what remains.</param>
public sealed record ShutdownConfig(TimeSpan GracePeriod, TimeSpan DrainTimeout)
{
    public static readonly ShutdownConfig Default = new(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30));
}
