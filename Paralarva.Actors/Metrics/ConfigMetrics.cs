using Prometheus;

namespace Paralarva.Actors.Metrics;

/// <summary>
/// Metrics of the configuration: reloads by result, the running configuration's hash as an info
/// metric (one series, replaced on change), when a configuration was last applied, and member
/// host names that failed to resolve.
/// </summary>
internal sealed class ConfigMetrics
{
    private readonly Counter _reloads;
    private readonly Gauge _info;
    private readonly Gauge _lastSuccess;
    private readonly Counter _dnsFailures;
    private string? _hash;

    public ConfigMetrics(CollectorRegistry registry)
    {
        var factory = Prometheus.Metrics.WithCustomRegistry(registry);
        _reloads = factory.CreateCounter("paralarva_config_reloads_total",
            "Configuration reloads, by result (success, failure, restart_required).", ["result"]);
        _info = factory.CreateGauge("paralarva_config_info",
            "1 for the running configuration, labelled with the first 12 hex digits of the SHA-256 of its file.", ["hash"]);
        _lastSuccess = factory.CreateGauge("paralarva_config_last_reload_success_timestamp_seconds",
            "Unix time at which a configuration was last applied (start-up included).");
        _dnsFailures = factory.CreateCounter("paralarva_dns_resolution_failures_total",
            "Failed resolutions of member host names, by service; the last known addresses stay members.", [ProxyMetrics.ServiceLabel]);

        // Every result exported from the start, so that increase() sees the first reload of each.
        foreach (var result in ReloadResults.All)
            _reloads.WithLabels(result);
    }

    public void OnApplied(ConfigApplied applied)
    {
        _lastSuccess.SetToCurrentTimeUtc();
        if (applied.Hash is null || applied.Hash == _hash)
            return;
        if (_hash is not null)
            _info.RemoveLabelled(_hash);
        _info.WithLabels(applied.Hash).Set(1);
        _hash = applied.Hash;
    }

    public void OnReloaded(ConfigReloaded reloaded) => _reloads.WithLabels(reloaded.Result).Inc();

    public void OnDnsResolutionFailed(DnsResolutionFailed failed) =>
        _dnsFailures.WithLabels(ProxyMetrics.ServiceLabelValue(failed.Service)).Inc();
}
