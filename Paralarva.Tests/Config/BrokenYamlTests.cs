using System.Text;
using Paralarva.Actors.Config;

namespace Paralarva.Tests.Config;

/// <summary>
/// Every broken file is a configuration error with a line, never an exception: YamlDotNet throws more than
/// <c>YamlException</c> on some inputs (an unclosed flow sequence ends in its scanner's InvalidOperationException).
/// </summary>
public sealed class BrokenYamlTests
{
    public static TheoryData<string> ExampleConfigs => new()
    {
        "config.yaml",
        "bench/paralarva.yaml",
        "Paralarva.Tests/Deployment/Configs/styled.yaml",
    };

    [Theory]
    [MemberData(nameof(ExampleConfigs))]
    public void LoadBytes_ExampleTruncatedAtEveryByte_NeverThrows(string file)
    {
        var bytes = File.ReadAllBytes(Path.Combine(ConfigLoaderTests.RepositoryRoot(), file));
        Assert.True(ConfigLoader.LoadBytes(bytes).IsValid, file + " itself must be valid");

        for (var length = 0; length < bytes.Length; length++)
            AssertErrorOrValid(bytes.AsSpan(0, length).ToArray(), file + " cut at " + length);
    }

    [Theory]
    [InlineData("[")]
    [InlineData("{")]
    [InlineData("\"")]
    [InlineData("'")]
    [InlineData("*")]
    [InlineData("\t")]
    public void LoadBytes_ExampleWithAStrayCharacterAtEveryOffset_NeverThrows(string stray)
    {
        var text = File.ReadAllText(Path.Combine(ConfigLoaderTests.RepositoryRoot(), "config.yaml"));
        for (var offset = 0; offset <= text.Length; offset++)
            AssertErrorOrValid(Encoding.UTF8.GetBytes(text.Insert(offset, stray)), "'" + stray + "' at " + offset);
    }

    [Fact]
    public void LoadText_UnclosedFlowSequence_SyntaxErrorWithLineColumnAndPath()
    {
        var yaml = ConfigTexts.MinimalWithService.Replace("domain: svc.example.com", "domain: [svc.example.com", StringComparison.Ordinal);

        var result = ConfigLoader.LoadText(yaml);

        var error = Assert.Single(result.Errors);
        Assert.StartsWith("YAML syntax error at column ", error.Message, StringComparison.Ordinal);
        // Inside the sequence the bracket opened: its first item.
        Assert.Equal("services[0].domain[0]", error.Path);
        Assert.InRange(error.Line, 7, 9);
    }

    [Fact]
    public void LoadText_UnclosedQuote_NamesTheKey()
    {
        var yaml = ConfigTexts.MinimalWithService.Replace("address: \"10.0.0.1\"", "address: \"10.0.0.1", StringComparison.Ordinal);

        var error = Assert.Single(ConfigLoader.LoadText(yaml).Errors);

        Assert.Equal("services[0].hosts[0].address", error.Path);
        Assert.StartsWith("YAML syntax error at column ", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("(Line:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadText_NestingDeeperThanTheLimit_SyntaxErrorNotStackOverflow()
    {
        var yaml = "proxy:\n  listen: " + new string('[', 100_000) + "\n";

        var error = Assert.Single(ConfigLoader.LoadText(yaml).Errors);

        Assert.Contains("nested more than " + DuplicateKeyFilter.MaxDepth + " levels", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, error.Line);
    }

    [Fact]
    public void LoadFile_OverTheSizeLimit_RefusedBeforeParsing()
    {
        var path = Path.Combine(Path.GetTempPath(), "paralarva-big-" + Guid.NewGuid().ToString("N") + ".yaml");
        // Not YAML at all: a parse would report a syntax error, so the size message proves nothing was parsed.
        File.WriteAllText(path, new string('[', 5000));
        try
        {
            var error = Assert.Single(ConfigLoader.LoadFile(path, maxBytes: 4096).Errors);
            Assert.Equal("configuration file '" + path + "' is larger than 4096 bytes, the limit (--max-config-bytes); nothing was parsed", error.Message);

            Assert.False(ConfigLoader.LoadFile(path, maxBytes: 5000).IsValid);
            Assert.DoesNotContain("larger than", ConfigLoader.LoadFile(path, maxBytes: 5000).Errors[0].Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static void AssertErrorOrValid(byte[] bytes, string what)
    {
        ConfigLoadResult result;
        try
        {
            result = ConfigLoader.LoadBytes(bytes);
        }
        catch (Exception e)
        {
            throw new Xunit.Sdk.XunitException(what + ": " + e);
        }

        foreach (var error in result.Errors)
        {
            if (error.Line < 1)
                throw new Xunit.Sdk.XunitException(what + ": no line in '" + error + "'");
        }
    }
}
