namespace Paralarva.Actors.Config;

/// <summary>One member (backend server) of a service.</summary>
/// <param name="Address">An IP address (canonical text) or, in the configuration, a DNS host name.</param>
public sealed record MemberConfig(string Address, int Port)
{
    /// <summary>
    /// The host name this member was resolved from (its <see cref="Address"/> is then one of the name's
    /// IP addresses); null for a member configured by address.
    /// </summary>
    public string? HostName { get; init; }

    /// <summary>True when <see cref="Address"/> is a host name still to be resolved.</summary>
    public bool NeedsResolution => HostName is null && !IpAddressSyntax.TryParse(Address, out _);

    /// <summary>The member label of logs and metrics: <c>address:port</c>, or <c>name/address:port</c> when resolved from a name.</summary>
    public override string ToString() => HostName is null ? Address + ":" + Port : HostName + "/" + Address + ":" + Port;

    /// <summary>Relative share of the traffic (hosts[i].weight, at least 1).</summary>
    public int Weight { get; init; } = 1;
}
