using System.CommandLine;
using System.CommandLine.Invocation;

namespace Paralarva.Host.Cli;

/// <summary>
/// The <c>paralarva</c> command line. Program.cs is expected to be
/// <c>return await ParalarvaCommand.InvokeAsync(args, ParalarvaHost.RunAsync);</c>.
/// </summary>
internal static class ParalarvaCommand
{
    /// <summary>
    /// Exit status of a command line that cannot be used (unknown flag, bad value), the usual Unix
    /// convention and the same status as an invalid configuration file.
    /// </summary>
    public const int UsageErrorExitCode = 2;

    public const string Description =
        "Paralarva: an HTTP/1.1 reverse proxy and load balancer. Routes each request by its Host header " +
        "to a service of the configuration file and forwards it to one of the service's members.";

    /// <summary>
    /// Builds the command. <paramref name="run"/> receives validated options and the token cancelled
    /// on SIGINT/SIGTERM; its result is the exit status. It is not called for <c>--help</c>,
    /// <c>--version</c> or a command line with errors.
    /// </summary>
    public static RootCommand Create(Func<HostOptions, CancellationToken, Task<int>> run)
    {
        ArgumentNullException.ThrowIfNull(run);

        var options = new ParalarvaOptions();
        var root = new RootCommand(Description);
        foreach (var option in options.All)
            root.Options.Add(option);
        root.SetAction((parseResult, cancellationToken) => run(options.Read(parseResult), cancellationToken));
        return root;
    }

    /// <summary>
    /// Parses <paramref name="args"/> and runs the command, exiting with <see cref="UsageErrorExitCode"/>
    /// on a usage error.
    /// </summary>
    /// <remarks>
    /// System.CommandLine prints the errors and help itself but returns 1, and its
    /// <see cref="ParseErrorAction"/> is sealed with no setting for the status, so the status is
    /// mapped here, after invocation.
    /// </remarks>
    public static async Task<int> InvokeAsync(
        IReadOnlyList<string> args,
        Func<HostOptions, CancellationToken, Task<int>> run,
        InvocationConfiguration? configuration = null,
        CancellationToken cancellationToken = default)
    {
        var parseResult = Create(run).Parse(args);
        var exitCode = await parseResult.InvokeAsync(configuration, cancellationToken).ConfigureAwait(false);
        return parseResult.Action is ParseErrorAction ? UsageErrorExitCode : exitCode;
    }
}
