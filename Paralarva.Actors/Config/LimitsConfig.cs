namespace Paralarva.Actors.Config;

/// <summary>Optional <c>proxy.limits</c> section; every value has a default close to nginx's.</summary>
public sealed record LimitsConfig(
    int MaxRequestHeadBytes,
    int MaxClientConnections,
    int MaxConnectionsPerMember)
{
    public static readonly LimitsConfig Default = new(
        MaxRequestHeadBytes: 16 * 1024,
        MaxClientConnections: 10_000,
        MaxConnectionsPerMember: 512);

    /// <summary>Field lines in a request head; beyond it 431 (Apache's LimitRequestFields and HAProxy's tune.http.maxhdr are about 100).</summary>
    public int MaxHeaderCount { get; init; } = 100;

    /// <summary>Request body bytes (decoded chunk-data for chunked bodies); beyond it 413. 0 means no limit.</summary>
    public long MaxRequestBodyBytes { get; init; }
}
