namespace Paralarva.Actors.Config;

/// <summary>Where the proxy accepts client connections.</summary>
public sealed record ListenConfig(string Address, int Port);
