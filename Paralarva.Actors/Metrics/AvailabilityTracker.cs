namespace Paralarva.Actors.Metrics;

/// <summary>
/// The availability SLI's arithmetic: how many seconds to add to each member's and each service's
/// "available seconds" counter. Times are the scheduler's monotonic clock.
/// <list type="bullet">
/// <item>With active checks, as the original README describes it: at each check, the time since the
/// member's previous check is added if this check passed. A service's time since its previous check
/// (of any member) is added if at least one member passed its latest check.</item>
/// <item>Without them, from the passive status: time passes available while the member takes traffic
/// (healthy and not ejected), accounted at each status change and at each <see cref="Tick"/>; the
/// service is available while at least one member is.</item>
/// </list>
/// </summary>
internal sealed class AvailabilityTracker(IAvailabilitySink sink)
{
    private sealed class MemberState(bool activelyChecked, bool available, TimeSpan? since)
    {
        public bool ActivelyChecked { get; } = activelyChecked;

        /// <summary>Passed its latest check, or (passive) takes traffic now.</summary>
        public bool Available { get; set; } = available;

        /// <summary>Up to when its time is accounted for: its latest check, or (passive) the latest accounting.</summary>
        public TimeSpan? Since { get; set; } = since;
    }

    private sealed class ServiceState
    {
        public Dictionary<string, MemberState> Members { get; } = new(StringComparer.Ordinal);

        public TimeSpan? Since { get; set; }

        public bool AnyAvailable()
        {
            foreach (var member in Members.Values)
            {
                if (member.Available)
                    return true;
            }

            return false;
        }
    }

    private readonly Dictionary<string, ServiceState> _services = new(StringComparer.Ordinal);

    public void Started(string service, string member, bool activelyChecked, TimeSpan now)
    {
        var state = Service(service);
        if (activelyChecked)
        {
            // Not available until it passed a check: "starts healthy" is a routing choice, not a measurement.
            state.Members[member] = new MemberState(activelyChecked: true, available: false, since: null);
            return;
        }

        AccountPassive(service, state, now);
        state.Members[member] = new MemberState(activelyChecked: false, available: true, since: now);
        state.Since ??= now;
    }

    public void Checked(string service, string member, bool passed, TimeSpan at)
    {
        var state = Service(service);
        if (!state.Members.TryGetValue(member, out var m) || !m.ActivelyChecked)
            state.Members[member] = m = new MemberState(activelyChecked: true, available: false, since: null);

        if (passed && m.Since is { } since && at > since)
            sink.AddMemberSeconds(service, member, (at - since).TotalSeconds);
        m.Since = at;
        m.Available = passed;

        if (state.AnyAvailable() && state.Since is { } serviceSince && at > serviceSince)
            sink.AddServiceSeconds(service, (at - serviceSince).TotalSeconds);
        // Checks of different members may arrive slightly out of order: the service's clock never goes back.
        if (state.Since is null || at > state.Since)
            state.Since = at;
    }

    public void StatusChanged(string service, string member, bool available, TimeSpan now)
    {
        if (!_services.TryGetValue(service, out var state) || !state.Members.TryGetValue(member, out var m) || m.ActivelyChecked)
            return; // actively checked members are measured by their checks, not by routing decisions
        AccountPassive(service, state, now);
        m.Available = available;
    }

    public void Stopped(string service, string member, TimeSpan now)
    {
        if (!_services.TryGetValue(service, out var state))
            return;
        AccountPassive(service, state, now);
        state.Members.Remove(member);
        if (state.Members.Count == 0)
            _services.Remove(service);
    }

    /// <summary>Accounts the time passed for every member without active checks, so their counters move between changes.</summary>
    public void Tick(TimeSpan now)
    {
        foreach (var (service, state) in _services)
            AccountPassive(service, state, now);
    }

    private void AccountPassive(string service, ServiceState state, TimeSpan now)
    {
        var passive = false;
        foreach (var (member, m) in state.Members)
        {
            if (m.ActivelyChecked)
                continue;
            passive = true;
            if (m.Available && m.Since is { } since && now > since)
                sink.AddMemberSeconds(service, member, (now - since).TotalSeconds);
            m.Since = now;
        }

        if (!passive)
            return;
        if (state.AnyAvailable() && state.Since is { } serviceSince && now > serviceSince)
            sink.AddServiceSeconds(service, (now - serviceSince).TotalSeconds);
        state.Since = now;
    }

    private ServiceState Service(string service)
    {
        if (!_services.TryGetValue(service, out var state))
        {
            state = new ServiceState();
            _services.Add(service, state);
        }

        return state;
    }
}
