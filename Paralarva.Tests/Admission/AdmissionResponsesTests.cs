using System.Text;
using Paralarva.Actors.Admission;

namespace Paralarva.Tests.Admission;

public sealed class AdmissionResponsesTests
{
    [Theory]
    [InlineData(0, "Retry-After: 1\r\n")]
    [InlineData(1, "Retry-After: 1\r\n")]
    [InlineData(37, "Retry-After: 37\r\n")]
    [InlineData(128, "Retry-After: 128\r\n")]
    [InlineData(500, "Retry-After: 500\r\n")]
    public void TooManyRequests_CarriesRetryAfter_AtLeastOne(int seconds, string field)
    {
        var keepAlive = Encoding.ASCII.GetString(AdmissionResponses.TooManyRequests(seconds, keepAlive: true).ToArray());
        var close = Encoding.ASCII.GetString(AdmissionResponses.TooManyRequests(seconds, keepAlive: false).ToArray());

        Assert.StartsWith("HTTP/1.1 429 Too Many Requests\r\n", keepAlive, StringComparison.Ordinal);
        Assert.Contains(field, keepAlive, StringComparison.Ordinal);
        Assert.DoesNotContain("Connection:", keepAlive, StringComparison.Ordinal);
        Assert.Contains("Connection: close\r\n", close, StringComparison.Ordinal);
        Assert.EndsWith("\r\n\r\n<h1>Error 429: Too Many Requests</h1>", keepAlive, StringComparison.Ordinal);
    }

    [Fact]
    public void TooManyRequests_SameValue_SameBytesBuiltOnce()
    {
        Assert.Same(AdmissionResponses.TooManyRequests(3, keepAlive: true), AdmissionResponses.TooManyRequests(3, keepAlive: true));
    }

    [Fact]
    public void Forbidden_NoRetryAfter()
    {
        var text = Encoding.ASCII.GetString(AdmissionResponses.Forbidden(keepAlive: true).ToArray());

        Assert.StartsWith("HTTP/1.1 403 Forbidden\r\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Retry-After", text, StringComparison.Ordinal);
        Assert.Contains("Content-Length: 29\r\n", text, StringComparison.Ordinal);
    }
}
