using System.Net;
using System.Net.Sockets;
using static Paralarva.Actors.Balancing.MemberSetMessages;

namespace Paralarva.Actors.Balancing;

/// <summary>Runs one resolution off the actor and turns its outcome, whatever it is, into a <see cref="HostResolved"/> message.</summary>
internal static class DnsResolution
{
    /// <summary>A resolver that hangs must not keep the last known addresses forever unrefreshed.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    public static readonly HostResolver System = Dns.GetHostAddressesAsync;

    public static async Task<HostResolved> ResolveAsync(HostResolver resolver, string hostName)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            var addresses = await resolver(hostName, timeout.Token).ConfigureAwait(false);
            var usable = Usable(addresses);
            return usable.Count == 0
                ? new HostResolved(hostName, [], "no IPv4 or IPv6 address")
                : new HostResolved(hostName, usable, null);
        }
        // Whatever went wrong must come back as a message: a faulted task would leave the name marked
        // as being resolved, and it would never be resolved again.
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return new HostResolved(hostName, [], e is OperationCanceledException ? "timed out after " + Timeout.TotalSeconds + " s" : e.Message);
        }
    }

    /// <summary>IPv4 and IPv6 addresses without duplicates, IPv4 first, in a stable order: the member set does not churn on reordered answers.</summary>
    private static List<IPAddress> Usable(IPAddress[] addresses)
    {
        var usable = new List<IPAddress>(addresses.Length);
        foreach (var address in addresses)
        {
            if (address.AddressFamily is AddressFamily.InterNetwork or AddressFamily.InterNetworkV6 && !usable.Contains(address))
                usable.Add(address);
        }

        usable.Sort(static (a, b) => a.AddressFamily != b.AddressFamily
            ? a.AddressFamily == AddressFamily.InterNetwork ? -1 : 1
            : a.GetAddressBytes().AsSpan().SequenceCompareTo(b.GetAddressBytes()));
        return usable;
    }
}
