using System.Collections.Immutable;
using Paralarva.Actors.Health;
using Paralarva.Actors.Metrics;

namespace Paralarva.Actors.Status;

/// <summary>
/// The MetricsActor's mutable copy of the proxy's status, fed from the events it receives, published to a
/// <see cref="StatusBoard"/> as immutable snapshots. Rare changes (members coming and going, their health,
/// configuration) publish at once; frequent ones (connection counts, load samples) wait for
/// <see cref="PublishIfChanged"/>, which the actor calls on its periodic tick.
/// </summary>
internal sealed class StatusRecorder
{
    private sealed class MemberState
    {
        public bool Healthy = true;
        public bool Ejected;
        public bool ActivelyChecked;
        public string? LastCheckResult;
        public long Ejections;
        public int InFlight;
        public long ConnectionsOpen;
        public int ConnectionsIdle;
    }

    private readonly StatusBoard? _board;
    private readonly TimeProvider _time;
    private readonly SortedDictionary<string, SortedDictionary<string, MemberState>> _services = new(StringComparer.Ordinal);
    private string? _configHash;
    private DateTimeOffset? _configAppliedAt;
    private string? _lastReloadResult;
    private DateTimeOffset? _lastReloadAt;
    private long _clientConnections;
    private bool _draining;
    private bool _changed;

    /// <param name="board">Where to publish; null records nothing (tests of the metrics alone).</param>
    public StatusRecorder(StatusBoard? board, TimeProvider time)
    {
        _board = board;
        _time = time;
    }

    public void MemberStarted(string service, string member, bool activelyChecked)
    {
        if (_board is null)
            return;
        if (!_services.TryGetValue(service, out var members))
        {
            members = new SortedDictionary<string, MemberState>(StringComparer.Ordinal);
            _services.Add(service, members);
        }

        members[member] = new MemberState { ActivelyChecked = activelyChecked };
        Publish();
    }

    public void MemberGone(string service, string member)
    {
        if (_board is null || !_services.TryGetValue(service, out var members) || !members.Remove(member))
            return;
        if (members.Count == 0)
            _services.Remove(service);
        Publish();
    }

    public void StatusChanged(string service, string member, bool healthy, bool ejected)
    {
        if (Find(service, member) is not { } state)
            return;
        if (ejected && !state.Ejected)
            state.Ejections++;
        state.Healthy = healthy;
        state.Ejected = ejected;
        Publish();
    }

    public void Checked(string service, string member, HealthCheckResult result)
    {
        if (Find(service, member) is not { } state)
            return;
        var text = MemberMetrics.ResultLabel(result);
        if (!string.Equals(text, state.LastCheckResult, StringComparison.Ordinal))
        {
            state.LastCheckResult = text;
            _changed = true;
        }
    }

    public void LoadSampled(string service, string member, int inFlight, int idle)
    {
        if (Find(service, member) is not { } state)
            return;
        state.InFlight = inFlight;
        state.ConnectionsIdle = idle;
        _changed = true;
    }

    public void MemberConnectionsChanged(string service, string member, int delta)
    {
        if (Find(service, member) is not { } state)
            return;
        state.ConnectionsOpen += delta;
        _changed = true;
    }

    public void ClientConnectionsChanged(int delta)
    {
        _clientConnections += delta;
        _changed = true;
    }

    public void ConfigApplied(string? hash)
    {
        _configHash = hash;
        _configAppliedAt = _time.GetUtcNow();
        Publish();
    }

    public void ConfigReloaded(string result)
    {
        _lastReloadResult = result;
        _lastReloadAt = _time.GetUtcNow();
        Publish();
    }

    public void DrainingChanged(bool draining)
    {
        _draining = draining;
        Publish();
    }

    public void PublishIfChanged()
    {
        if (_changed)
            Publish();
    }

    private MemberState? Find(string service, string member) =>
        _board is not null && _services.TryGetValue(service, out var members) && members.TryGetValue(member, out var state) ? state : null;

    private void Publish()
    {
        _changed = false;
        if (_board is null)
            return;
        var services = ImmutableArray.CreateBuilder<ServiceStatus>(_services.Count);
        foreach (var (name, members) in _services)
        {
            var list = ImmutableArray.CreateBuilder<MemberStatus>(members.Count);
            foreach (var (member, s) in members)
            {
                list.Add(new MemberStatus(member, s.Healthy, s.Ejected, s.ActivelyChecked, s.LastCheckResult, s.Ejections,
                    s.InFlight, s.ConnectionsOpen, s.ConnectionsIdle));
            }

            services.Add(new ServiceStatus(name, list.MoveToImmutable()));
        }

        _board.Publish(new ProxyStatus(_configHash, _configAppliedAt, _lastReloadResult, _lastReloadAt, _clientConnections, _draining,
            services.MoveToImmutable(), _time.GetUtcNow()));
    }
}
