using System.Collections.Immutable;
using Paralarva.Actors.Config;

namespace Paralarva.Actors.Proxy;

/// <summary>
/// What a reload changes, computed without actors. Services are matched by name (a renamed service
/// is one removed and one added); a kept service is changed when any of its settings or members differ.
/// </summary>
internal sealed record ConfigDiff(
    IReadOnlyList<ServiceConfig> Added,
    IReadOnlyList<ServiceConfig> Removed,
    IReadOnlyList<ServiceConfig> Changed,
    bool ListenChanged,
    bool AccessLogChanged,
    bool ConnectionSettingsChanged)
{
    /// <summary>Changes only a restart can apply: the listening socket and the access log's sink are opened once.</summary>
    public bool RestartRequired => ListenChanged || AccessLogChanged;

    public bool RoutesChanged => Added.Count > 0 || Removed.Count > 0 || Changed.Count > 0;

    public static ConfigDiff Compute(ProxyConfig running, ProxyConfig next)
    {
        var runningByName = new Dictionary<string, ServiceConfig>(StringComparer.Ordinal);
        foreach (var service in running.Services)
            runningByName.Add(service.Name, service);

        var added = new List<ServiceConfig>();
        var changed = new List<ServiceConfig>();
        foreach (var service in next.Services)
        {
            if (!runningByName.Remove(service.Name, out var old))
                added.Add(service);
            else if (!SameService(old, service))
                changed.Add(service);
        }

        return new ConfigDiff(added, [.. runningByName.Values], changed,
            running.Listen != next.Listen, running.AccessLog != next.AccessLog, ConnectionSettingsDiffer(running, next));
    }

    /// <summary>Settings every new client connection takes from <see cref="Listener.ConnectionContext"/>.</summary>
    private static bool ConnectionSettingsDiffer(ProxyConfig running, ProxyConfig next) =>
        running.Limits != next.Limits || running.Timeouts != next.Timeouts || running.MetricsEnabled != next.MetricsEnabled
        || running.ViaPseudonym != next.ViaPseudonym;

    /// <summary>Record equality, except for the member list, which <see cref="ImmutableArray{T}"/> would compare by reference.</summary>
    public static bool SameService(ServiceConfig a, ServiceConfig b) =>
        a with { Hosts = ImmutableArray<MemberConfig>.Empty } == b with { Hosts = ImmutableArray<MemberConfig>.Empty }
        && a.Hosts.AsSpan().SequenceEqual(b.Hosts.AsSpan());
}
