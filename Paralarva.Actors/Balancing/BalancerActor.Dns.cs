using System.Net;
using Akka.Actor;
using Akka.Event;
using Paralarva.Actors.Metrics;
using static Paralarva.Actors.Balancing.MemberSetMessages;

namespace Paralarva.Actors.Balancing;

/// <summary>
/// Members given by host name: resolved at start, on every reload that lists them, and every
/// <c>dns_refresh_interval</c>, off the actor (<see cref="DnsResolution"/>, piped back as
/// <see cref="HostResolved"/>). An answer that differs from the last one goes through the member
/// diff (BalancerActor.Members.cs); a failure keeps the last known addresses.
/// </summary>
internal sealed partial class BalancerActor
{
    private const string DnsTimerKey = "dns";

    /// <summary>Bounds the lease requests held while a service's host names are resolved for the first time.</summary>
    private const int MaxHeldForFirstResolution = 1024;

    /// <summary>Last known addresses per host name: kept when a resolution fails.</summary>
    private readonly Dictionary<string, IReadOnlyList<IPAddress>> _resolved = new(StringComparer.Ordinal);
    private readonly HashSet<string> _resolving = new(StringComparer.Ordinal);
    private readonly Queue<(IActorRef Requester, BalancerMessages.AcquireConnection Acquire)> _heldForFirstResolution = new();
    private HostResolver _resolver = null!;

    /// <summary>Forgets the names no longer listed, so that listing one again resolves it afresh.</summary>
    private void ForgetUnlistedHostNames()
    {
        var names = DesiredMembers.HostNames(_service);
        foreach (var name in _resolved.Keys.ToList())
        {
            if (!names.Contains(name))
                _resolved.Remove(name);
        }
    }

    private void ResolveHostNames()
    {
        if (_retired)
            return;
        var names = DesiredMembers.HostNames(_service);
        if (names.Count == 0)
        {
            Timers.Cancel(DnsTimerKey);
            return;
        }

        if (!Timers.IsTimerActive(DnsTimerKey))
            Timers.StartPeriodicTimer(DnsTimerKey, RefreshDns.Instance, _service.DnsRefreshInterval);
        foreach (var name in names)
        {
            // One resolution per name at a time: answers cannot arrive out of order.
            if (_resolving.Add(name))
                DnsResolution.ResolveAsync(_resolver, name).PipeTo(Self);
        }
    }

    /// <summary>
    /// A service whose only members are host names has none until the first answer: a request that
    /// arrives meanwhile (at start, or just after a reload added the service) waits for it rather
    /// than getting a 503 (the resolution times out, and the requester's own response timer runs).
    /// </summary>
    private bool HoldUntilFirstResolution(BalancerMessages.AcquireConnection acquire)
    {
        if (_heldForFirstResolution.Count >= MaxHeldForFirstResolution)
            return false;
        foreach (var name in _resolving)
        {
            if (!_resolved.ContainsKey(name))
            {
                _heldForFirstResolution.Enqueue((Sender, acquire));
                return true;
            }
        }

        return false;
    }

    private void OnHostResolved(HostResolved resolved)
    {
        _resolving.Remove(resolved.HostName);
        // Served (or failed) again from the top, with whatever members the answer brought.
        while (_heldForFirstResolution.TryDequeue(out var held))
            Self.Tell(held.Acquire, held.Requester);
        if (_retired || !DesiredMembers.HostNames(_service).Contains(resolved.HostName))
            return; // the name left the configuration meanwhile

        if (resolved.Error is not null)
        {
            _memberLog.Warning("{0} cannot resolve {1}: {2}; keeping its last known addresses", _service.Name, resolved.HostName, resolved.Error);
            _metrics.Tell(new DnsResolutionFailed(_service.Name));
            return;
        }

        if (_resolved.TryGetValue(resolved.HostName, out var known) && known.SequenceEqual(resolved.Addresses))
            return;
        _resolved[resolved.HostName] = resolved.Addresses;
        _memberLog.Info("{0} host {1} resolved to {2}", _service.Name, resolved.HostName, string.Join(", ", resolved.Addresses));
        ApplyMemberSet();
    }
}
