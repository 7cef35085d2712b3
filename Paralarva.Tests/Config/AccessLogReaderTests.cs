using Paralarva.Actors.Config;

namespace Paralarva.Tests.Config;

public sealed class AccessLogReaderTests
{
    private static string Config(string accessLogLine) => ConfigTexts.WithProxyKeys(accessLogLine);

    [Fact]
    public void Load_NoAccessLogKey_Off()
    {
        var result = ConfigLoader.LoadText(Config(""));

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        Assert.Equal(AccessLogConfig.Off, result.Config!.AccessLog);
    }

    [Theory]
    [InlineData("  access_log: off", AccessLogTarget.Off, null)]
    [InlineData("  access_log: stdout", AccessLogTarget.Stdout, null)]
    [InlineData("  access_log: /var/log/paralarva/access.log", AccessLogTarget.File, "/var/log/paralarva/access.log")]
    [InlineData("  access_log: \"logs/access.log\"", AccessLogTarget.File, "logs/access.log")]
    public void Load_AccessLogValue_Parsed(string line, AccessLogTarget target, string? path)
    {
        var result = ConfigLoader.LoadText(Config(line));

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        Assert.Equal(new AccessLogConfig(target, path), result.Config!.AccessLog);
    }

    [Theory]
    [InlineData("  access_log: \"\"", "empty access log target")]
    [InlineData("  access_log: [stdout]", "access_log")]
    [InlineData("  access_log: /var/log/", "is not a file path")]
    public void Load_BadAccessLogValue_ErrorWithLineAndPath(string line, string message)
    {
        var result = ConfigLoader.LoadText(Config(line));

        Assert.False(result.IsValid);
        var error = Assert.Single(result.Errors);
        Assert.Equal("access_log", error.Path);
        Assert.Equal(11, error.Line);
        Assert.Contains(message, error.ToString());
    }
}
