namespace Paralarva.Tests.Deployment;

/// <summary>How an external command ended, with everything it printed, for assertions and failure messages.</summary>
internal sealed record ToolResult(string Command, int ExitCode, string StandardOutput, string StandardError)
{
    public bool Succeeded => ExitCode == 0;

    public override string ToString() =>
        Command + "\nexit " + ExitCode + "\n--- stdout ---\n" + StandardOutput + "\n--- stderr ---\n" + StandardError;

    /// <summary>Returns this result, or fails the test with the command's output when it exited non-zero.</summary>
    public ToolResult EnsureSuccess() =>
        Succeeded ? this : throw new Xunit.Sdk.XunitException("command failed:\n" + this);
}
