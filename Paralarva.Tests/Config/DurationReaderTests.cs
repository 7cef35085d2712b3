using Paralarva.Actors.Config;

namespace Paralarva.Tests.Config;

public sealed class DurationReaderTests
{
    [Theory]
    [InlineData("250ms", 250)]
    [InlineData("5s", 5_000)]
    [InlineData("5", 5_000)]
    [InlineData("1.5s", 1_500)]
    [InlineData("2m", 120_000)]
    [InlineData("1h", 3_600_000)]
    [InlineData(" 10s ", 10_000)]
    public void TryParse_ValidDuration_Milliseconds(string text, int milliseconds)
    {
        Assert.True(DurationReader.TryParse(text, out var value));
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("s")]
    [InlineData("-5s")]
    [InlineData("5 s")]
    [InlineData("5d")]
    [InlineData("five")]
    [InlineData("1e3s")]
    [InlineData("99999999999999999999h")]
    public void TryParse_InvalidDuration_False(string text) =>
        Assert.False(DurationReader.TryParse(text, out _));

    [Theory]
    [InlineData(250, "250ms")]
    [InlineData(5_000, "5s")]
    [InlineData(120_000, "2m")]
    [InlineData(7_200_000, "2h")]
    [InlineData(1_500, "1500ms")]
    public void Format_Duration_ConfigSyntax(int milliseconds, string expected) =>
        Assert.Equal(expected, DurationReader.Format(TimeSpan.FromMilliseconds(milliseconds)));
}
