using System.CommandLine;
using Paralarva.Host.Cli;

namespace Paralarva.Tests.Cli;

public sealed class ParalarvaCommandTests
{
    [Fact]
    public async Task Invoke_NoArguments_RunsWithTheOriginalsDefaults()
    {
        var run = await RunAsync();

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(HostOptions.Default, run.Options);
        Assert.Equal(
            new HostOptions("config.yaml", "info", 8000, false, false, false, TimeSpan.FromSeconds(10), false, false),
            run.Options);
    }

    [Fact]
    public async Task Invoke_LongForms_SetEveryOption()
    {
        var run = await RunAsync(
            "--file", "other.yaml", "--log-level", "debug", "--prometheus-port", "9100", "--next-port",
            "--dry-run", "--listen-all-addr", "--timeout", "2.5", "--check-config", "--demo");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(
            new HostOptions("other.yaml", "debug", 9100, true, true, true, TimeSpan.FromSeconds(2.5), true, true),
            run.Options);
    }

    [Fact]
    public async Task Invoke_ShortForms_SetTheOriginalsOptions()
    {
        var run = await RunAsync("-f", "x.yaml", "-l", "error", "-p", "1", "-n", "-d", "-a", "-t", "3");

        Assert.Equal(
            HostOptions.Default with
            {
                ConfigFile = "x.yaml",
                LogLevel = "error",
                PrometheusPort = 1,
                NextPort = true,
                DryRun = true,
                ListenAllAddresses = true,
                Timeout = TimeSpan.FromSeconds(3),
            },
            run.Options);
    }

    [Theory]
    [InlineData("-nda")]
    [InlineData("-adn")]
    public async Task Invoke_BundledShortFlags_AreEachSet(string bundle)
    {
        var run = await RunAsync(bundle);

        Assert.Equal(HostOptions.Default with { NextPort = true, DryRun = true, ListenAllAddresses = true }, run.Options);
    }

    [Theory]
    [InlineData(new string[0], "text", 4194304L)]
    [InlineData(new[] { "--log-format", "json" }, "json", 4194304L)]
    [InlineData(new[] { "--log-format", "text", "--max-config-bytes", "1024" }, "text", 1024L)]
    public async Task Invoke_LogFormatAndMaxConfigBytes_ReadWithTheirDefaults(string[] args, string format, long maxBytes)
    {
        var run = await RunAsync(args);

        Assert.Equal(format, run.Options?.LogFormat);
        Assert.Equal(maxBytes, run.Options?.MaxConfigBytes);
    }

    [Theory]
    [InlineData("debug")]
    [InlineData("info")]
    [InlineData("warn")]
    [InlineData("error")]
    public async Task Invoke_EachLogLevel_IsAccepted(string level)
    {
        var run = await RunAsync("-l", level);

        Assert.Equal(level, run.Options?.LogLevel);
    }

    [Theory]
    [InlineData("65535", 65535)]
    [InlineData("0", 0)]
    [InlineData("--timeout=7", 8000)]
    public async Task Invoke_BoundaryValues_AreAccepted(string value, int expectedPort)
    {
        var run = await RunAsync(value.StartsWith('-') ? [value] : ["-p", value]);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(expectedPort, run.Options?.PrometheusPort);
    }

    [Theory]
    [InlineData("-p", "65536")]
    [InlineData("--prometheus-port", "-5")]
    [InlineData("-p", "abc")]
    [InlineData("-l", "verbose")]
    [InlineData("--log-level", "INFO")]
    [InlineData("-t", "0")]
    [InlineData("-t", "-1")]
    [InlineData("-t", "abc")]
    [InlineData("-t", "NaN")]
    [InlineData("--timeout", "1e9")]
    [InlineData("--log-format", "xml")]
    [InlineData("--log-format", "JSON")]
    [InlineData("--max-config-bytes", "0")]
    [InlineData("--max-config-bytes", "-1")]
    [InlineData("--max-config-bytes", "4MiB")]
    [InlineData("--max-config-bytes", "2147483648")]
    [InlineData("--unknown")]
    [InlineData("positional")]
    [InlineData("-f")]
    public async Task Invoke_InvalidArguments_PrintErrorsAndExitWithUsageError(params string[] args)
    {
        var run = await RunAsync(args);

        Assert.Equal(ParalarvaCommand.UsageErrorExitCode, run.ExitCode);
        Assert.Null(run.Options);
        Assert.NotEmpty(run.Error.Trim());
    }

    [Fact]
    public async Task Invoke_InvalidPort_SaysWhatIsWrong()
    {
        var run = await RunAsync("-p", "70000");

        Assert.Contains("'70000' is not a valid port for --prometheus-port: expected a whole number in 0-65535 (0: a free port, logged).", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invoke_ActionResult_IsTheExitCode()
    {
        var code = await ParalarvaCommand.InvokeAsync([], (_, _) => Task.FromResult(2), Quiet());

        Assert.Equal(2, code);
    }

    [Fact]
    public async Task Invoke_Help_ListsEveryFlagWithItsDefaultAndDoesNotRun()
    {
        var run = await RunAsync("--help");

        Assert.Equal(0, run.ExitCode);
        Assert.Null(run.Options);
        string[] expected =
        [
            "-f, --file", "[default: config.yaml]",
            "-l, --log-level <debug|info|warn|error>", "[default: info]",
            "-p, --prometheus-port", "[default: 8000]",
            "-n, --next-port",
            "-d, --dry-run",
            "-a, --listen-all-addr",
            "-t, --timeout", "[default: 10]",
            "--check-config",
            "--demo",
        ];
        foreach (var text in expected)
            Assert.Contains(text, run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_EveryOption_HasADescription()
    {
        var root = ParalarvaCommand.Create((_, _) => Task.FromResult(0));

        Assert.All(root.Options, option => Assert.False(string.IsNullOrWhiteSpace(option.Description), option.Name));
    }

    private static async Task<Run> RunAsync(params string[] args)
    {
        HostOptions? seen = null;
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await ParalarvaCommand.InvokeAsync(
            args,
            (options, _) =>
            {
                seen = options;
                return Task.FromResult(0);
            },
            new InvocationConfiguration { Output = output, Error = error });
        return new Run(code, seen, output.ToString(), error.ToString());
    }

    private static InvocationConfiguration Quiet() => new() { Output = TextWriter.Null, Error = TextWriter.Null };

    private sealed record Run(int ExitCode, HostOptions? Options, string Output, string Error);
}
