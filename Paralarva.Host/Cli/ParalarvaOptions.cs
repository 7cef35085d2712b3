using System.CommandLine;
using System.Globalization;
using System.CommandLine.Parsing;
using Paralarva.Actors.Config;

namespace Paralarva.Host.Cli;

/// <summary>
/// The command line's options: the original's seven flags with their short forms and defaults, and
/// the new long-only ones. Each option validates its own value, so a <see cref="HostOptions"/> is
/// only ever built from valid input.
/// </summary>
internal sealed class ParalarvaOptions
{
    // Akka's scheduler and socket timeouts take at most about 24 days; a day is already absurd for
    // a connect timeout, and the bound keeps TimeSpan.FromSeconds away from overflow.
    public const double MaxTimeoutSeconds = 24 * 60 * 60;

    /// <summary>A configuration is read whole into memory: 1 GiB is far past any real one.</summary>
    public const long MaxConfigBytesLimit = 1L << 30;

    public Option<string> File { get; } = new("--file", "-f")
    {
        Description = "YAML configuration file",
        HelpName = "path",
        DefaultValueFactory = _ => HostOptions.DefaultConfigFile,
    };

    public Option<string> LogLevel { get; } = new Option<string>("--log-level", "-l")
    {
        Description = "Log level",
        // Listed by severity; the default help would sort the names alphabetically.
        HelpName = string.Join('|', LogLevelNames.All),
        DefaultValueFactory = _ => LogLevelNames.Default,
    }.AcceptOnlyFromAmong(LogLevelNames.All);

    public Option<int> PrometheusPort { get; } = new("--prometheus-port", "-p")
    {
        Description = "Port of the monitoring endpoints (/metrics, /healthz, /readyz); 0 for a free port, logged once bound",
        HelpName = "port",
        DefaultValueFactory = _ => HostOptions.DefaultPrometheusPort,
        CustomParser = ParsePort,
    };

    public Option<bool> NextPort { get; } = new("--next-port", "-n")
    {
        Description = "If the listening port is already in use, increment it until a free port is found",
    };

    public Option<bool> DryRun { get; } = new("--dry-run", "-d")
    {
        Description = "Answer every routed request with 200 OK (dry-run) without contacting members",
    };

    public Option<bool> ListenAllAddresses { get; } = new("--listen-all-addr", "-a")
    {
        Description = "Listen on every address, IPv4 and IPv6 ([::] in dual mode), instead of the configured address (proxy and monitoring), for containers",
    };

    public Option<double> Timeout { get; } = new("--timeout", "-t")
    {
        Description = "Seconds allowed for a member's first response byte (504 beyond); connecting has timeouts.connect",
        HelpName = "seconds",
        DefaultValueFactory = _ => HostOptions.DefaultTimeoutSeconds,
        CustomParser = ParseTimeout,
    };

    public Option<bool> CheckConfig { get; } = new("--check-config")
    {
        Description = "Validate the configuration file, print every problem, and exit: 0 if valid, 2 if not",
    };

    public Option<bool> Demo { get; } = new("--demo")
    {
        Description = "Also start small built-in demo origin servers on the configured member addresses",
    };

    public Option<string> LogFormat { get; } = new Option<string>("--log-format")
    {
        Description = "Log format: text (one line per entry) or json (one object per line, for log shippers)",
        HelpName = string.Join('|', LogFormatNames.All),
        DefaultValueFactory = _ => LogFormatNames.Default,
    }.AcceptOnlyFromAmong(LogFormatNames.All);

    public Option<long> MaxConfigBytes { get; } = new("--max-config-bytes")
    {
        Description = "Refuse a configuration file larger than this many bytes, before parsing it",
        HelpName = "bytes",
        DefaultValueFactory = _ => ConfigLoader.DefaultMaxFileBytes,
        CustomParser = ParseMaxConfigBytes,
    };

    /// <summary>In the order <c>--help</c> lists them: the original's flags first, as its README documents them.</summary>
    public IEnumerable<Option> All =>
        [File, LogLevel, PrometheusPort, NextPort, DryRun, ListenAllAddresses, Timeout, CheckConfig, Demo, LogFormat, MaxConfigBytes];

    public HostOptions Read(ParseResult result) => new(
        ConfigFile: result.GetRequiredValue(File),
        LogLevel: result.GetRequiredValue(LogLevel),
        PrometheusPort: result.GetValue(PrometheusPort),
        NextPort: result.GetValue(NextPort),
        DryRun: result.GetValue(DryRun),
        ListenAllAddresses: result.GetValue(ListenAllAddresses),
        Timeout: TimeSpan.FromSeconds(result.GetValue(Timeout)),
        CheckConfig: result.GetValue(CheckConfig),
        Demo: result.GetValue(Demo),
        LogFormat: result.GetRequiredValue(LogFormat),
        MaxConfigBytes: result.GetValue(MaxConfigBytes));

    // Custom parsers rather than validators: option validators run before conversion, so a
    // validator reading the value of "-p abc" would throw instead of reporting the usage error.
    private static int ParsePort(ArgumentResult result)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : string.Empty;
        if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var port) && port is >= 0 and <= 65535)
            return port;
        result.AddError("'" + text + "' is not a valid port for --prometheus-port: expected a whole number in 0-65535 (0: a free port, logged).");
        return 0;
    }

    private static long ParseMaxConfigBytes(ArgumentResult result)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : string.Empty;
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var bytes) && bytes is >= 1 and <= MaxConfigBytesLimit)
            return bytes;
        result.AddError("'" + text + "' is not a valid --max-config-bytes: expected a whole number of bytes in 1-" + MaxConfigBytesLimit + ".");
        return 0;
    }

    private static double ParseTimeout(ArgumentResult result)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : string.Empty;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds > 0 && seconds <= MaxTimeoutSeconds)
            return seconds;
        result.AddError("'" + text + "' is not a valid --timeout: expected a number of seconds above 0 and at most " + MaxTimeoutSeconds + ".");
        return 0;
    }
}
