namespace Paralarva.Actors.Config;

/// <summary>One member (backend server) of a service.</summary>
public sealed record MemberConfig(string Address, int Port)
{
    public override string ToString() => Address + ":" + Port;
}
