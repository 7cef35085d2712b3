namespace Paralarva.Host.Cli;

/// <summary>The original's <c>--log-level</c> names, kept so that existing scripts and charts still work.</summary>
internal static class LogLevelNames
{
    public const string Debug = "debug";
    public const string Info = "info";
    public const string Warn = "warn";
    public const string Error = "error";

    public const string Default = Info;

    public static readonly string[] All = [Debug, Info, Warn, Error];
}
