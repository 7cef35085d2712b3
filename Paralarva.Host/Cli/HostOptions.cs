namespace Paralarva.Host.Cli;

/// <summary>What the command line asked for, validated; the host reads nothing else from the arguments.</summary>
/// <param name="ConfigFile">Path of the YAML configuration file (<c>-f</c>).</param>
/// <param name="LogLevel">One of <see cref="LogLevelNames.All"/> (<c>-l</c>).</param>
/// <param name="PrometheusPort">Port of the monitoring endpoints (<c>-p</c>).</param>
/// <param name="NextPort">If the listen port is taken, try the following ones (<c>-n</c>).</param>
/// <param name="DryRun">Answer <c>200 OK (dry-run)</c> without contacting members (<c>-d</c>).</param>
/// <param name="ListenAllAddresses">Listen on [::] in dual mode (IPv4 and IPv6) instead of the configured address (<c>-a</c>).</param>
/// <param name="Timeout">Time allowed for a member's first response byte (<c>-t</c>); connecting has <c>timeouts.connect</c>.</param>
/// <param name="CheckConfig">Validate the configuration file and exit (<c>--check-config</c>).</param>
/// <param name="Demo">Also start demo origin servers on the configured member addresses (<c>--demo</c>).</param>
/// <param name="LogFormat">One of <see cref="LogFormatNames.All"/> (<c>--log-format</c>).</param>
/// <param name="MaxConfigBytes">A configuration file larger than this is refused before parsing (<c>--max-config-bytes</c>).</param>
internal sealed record HostOptions(
    string ConfigFile,
    string LogLevel,
    int PrometheusPort,
    bool NextPort,
    bool DryRun,
    bool ListenAllAddresses,
    TimeSpan Timeout,
    bool CheckConfig,
    bool Demo,
    string LogFormat = LogFormatNames.Default,
    long MaxConfigBytes = Paralarva.Actors.Config.ConfigLoader.DefaultMaxFileBytes)
{
    public const string DefaultConfigFile = "config.yaml";
    public const int DefaultPrometheusPort = 8000;

    /// <summary>The original's default (helper.py's DEFAULT_TIMEOUT).</summary>
    public const double DefaultTimeoutSeconds = 10;

    /// <summary>What running with no arguments means; tests start from here with <c>with</c>.</summary>
    public static HostOptions Default { get; } = new(
        ConfigFile: DefaultConfigFile,
        LogLevel: LogLevelNames.Default,
        PrometheusPort: DefaultPrometheusPort,
        NextPort: false,
        DryRun: false,
        ListenAllAddresses: false,
        Timeout: TimeSpan.FromSeconds(DefaultTimeoutSeconds),
        CheckConfig: false,
        Demo: false);
}
