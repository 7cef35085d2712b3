using System.Collections.Immutable;

namespace Paralarva.Actors.Status;

/// <summary>One service in a <see cref="ProxyStatus"/>: its members, ordered by address.</summary>
internal sealed record ServiceStatus(string Name, ImmutableArray<MemberStatus> Members)
{
    /// <summary>Members taking traffic now: healthy and not ejected.</summary>
    public int AvailableMembers
    {
        get
        {
            var available = 0;
            foreach (var member in Members)
            {
                if (member.Available)
                    available++;
            }

            return available;
        }
    }
}
