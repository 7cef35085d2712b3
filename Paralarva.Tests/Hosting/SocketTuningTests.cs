using Paralarva.Host.Hosting;

namespace Paralarva.Tests.Hosting;

// Changes a process-wide environment variable: not run in parallel with the other tests of this collection.
[Collection(nameof(SocketTuningTests))]
public class SocketTuningTests
{
    [Fact]
    public void Apply_VariableUnset_InlineCompletionsOn()
    {
        WithVariable(null, () =>
        {
            SocketTuning.Apply();
            Assert.Equal("1", Environment.GetEnvironmentVariable(SocketTuning.InlineCompletionsVariable));
        });
    }

    [Fact]
    public void Apply_OperatorTurnedThemOff_Kept()
    {
        WithVariable("0", () =>
        {
            SocketTuning.Apply();
            Assert.Equal("0", Environment.GetEnvironmentVariable(SocketTuning.InlineCompletionsVariable));
        });
    }

    private static void WithVariable(string? value, Action test)
    {
        var before = Environment.GetEnvironmentVariable(SocketTuning.InlineCompletionsVariable);
        Environment.SetEnvironmentVariable(SocketTuning.InlineCompletionsVariable, value);
        try
        {
            test();
        }
        finally
        {
            Environment.SetEnvironmentVariable(SocketTuning.InlineCompletionsVariable, before);
        }
    }
}
