using Paralarva.Actors.Config;

namespace Paralarva.Tests.Config;

/// <summary>Inputs the config fuzz target (fuzz/run.sh config) found crashing the loader; each stays a test.</summary>
public sealed class ConfigLoaderRegressionTests
{
    [Theory]
    // YamlDotNet's scanner threw InvalidOperationException, which escaped LoadText (and the host's start or reload).
    [InlineData("proxy:\n  listen:\n    address: \"127.0.0.1\"\n    port: 8080\n  services:\n    oxy: [\n  listen: {\n", 8)]
    [InlineData("a: [\n  b: {\n", 3)]
    // Its node loader threw ArgumentException ("The current event is of an unsupported type").
    [InlineData("proxy:\n  listen:\n    address: \"127.0.0.1\"\n    port: 70000\n  services:\n    - name: a\n      domain: a.example\n      strategy: fastest\n      hosts:\n       : 1\n    port: 2\n", 12)]
    public void LoadText_YamlDotNetThrowsOtherThanYamlException_SyntaxErrorNotException(string yaml, int lastLine)
    {
        var result = ConfigLoader.LoadText(yaml);

        Assert.False(result.IsValid);
        var error = Assert.Single(result.Errors);
        Assert.StartsWith("YAML syntax error", error.Message, StringComparison.Ordinal);
        Assert.InRange(error.Line, 1, lastLine); // the end of the text at most
    }
}
