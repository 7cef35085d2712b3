namespace Paralarva.Actors.Metrics;

/// <summary>The <c>result</c> label values of <c>paralarva_config_reloads_total</c>.</summary>
internal static class ReloadResults
{
    /// <summary>The new configuration runs.</summary>
    public const string Success = "success";

    /// <summary>The file was invalid or unreadable; the running configuration stays.</summary>
    public const string Failure = "failure";

    /// <summary>Applied, except a change that only a restart can apply (the listen address or port).</summary>
    public const string RestartRequired = "restart_required";

    public static readonly string[] All = [Success, Failure, RestartRequired];
}
