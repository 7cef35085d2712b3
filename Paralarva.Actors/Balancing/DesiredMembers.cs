using System.Net;
using Paralarva.Actors.Config;

namespace Paralarva.Actors.Balancing;

/// <summary>
/// The members a service should have now: its members given by address, and one member per
/// address each host name last resolved to. A member's identity is its address and port, so a
/// name and an address that meet on one endpoint make one member (the first listed wins).
/// </summary>
internal static class DesiredMembers
{
    public static List<MemberConfig> Of(ServiceConfig service, IReadOnlyDictionary<string, IReadOnlyList<IPAddress>> resolved)
    {
        var members = new List<MemberConfig>(service.Hosts.Length);
        var seen = new HashSet<(string, int)>();
        foreach (var host in service.Hosts)
        {
            if (!host.NeedsResolution)
            {
                if (seen.Add(Key(host)))
                    members.Add(host);
                continue;
            }

            if (!resolved.TryGetValue(host.Address, out var addresses))
                continue; // not resolved yet: no member until the first answer
            foreach (var address in addresses)
            {
                var member = host with { Address = address.ToString(), HostName = host.Address };
                if (seen.Add(Key(member)))
                    members.Add(member);
            }
        }

        return members;
    }

    /// <summary>The host names among a service's members, each once.</summary>
    public static HashSet<string> HostNames(ServiceConfig service)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var host in service.Hosts)
        {
            if (host.NeedsResolution)
                names.Add(host.Address);
        }

        return names;
    }

    public static (string Address, int Port) Key(MemberConfig member) => (member.Address, member.Port);
}
