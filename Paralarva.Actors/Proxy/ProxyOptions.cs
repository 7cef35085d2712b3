namespace Paralarva.Actors.Proxy;

/// <summary>Run-time tunables that come from the command line rather than the configuration file.</summary>
/// <param name="Timeout">Time allowed for a member's first response byte (504 beyond); connecting has its own <c>timeouts.connect</c>.</param>
/// <param name="DryRun">Answer <c>200 OK (dry-run)</c> without contacting members, as the original.</param>
/// <param name="NextPort">When the listen port is taken, try the following ones.</param>
/// <param name="ListenAllAddresses">Listen on [::] in dual mode (IPv4 and IPv6) whatever the configuration says (containers).</param>
internal sealed record ProxyOptions(TimeSpan Timeout, bool DryRun, bool NextPort, bool ListenAllAddresses)
{
    public static readonly ProxyOptions Default = new(TimeSpan.FromSeconds(10), DryRun: false, NextPort: false, ListenAllAddresses: false);

    /// <summary>How many following ports <see cref="NextPort"/> tries before giving up.</summary>
    public const int NextPortAttempts = 100;
}
