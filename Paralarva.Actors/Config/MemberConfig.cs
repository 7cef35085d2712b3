namespace Paralarva.Actors.Config;

/// <summary>One member (backend server) of a service.</summary>
public sealed record MemberConfig(string Address, int Port)
{
    /// <summary>Relative share of the traffic (hosts[i].weight, at least 1).</summary>
    public int Weight { get; init; } = 1;

    public override string ToString() => Address + ":" + Port;
}
