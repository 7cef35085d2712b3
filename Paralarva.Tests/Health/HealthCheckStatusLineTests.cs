using System.Text;
using Paralarva.Actors.Health;

namespace Paralarva.Tests.Health;

public sealed class HealthCheckStatusLineTests
{
    // RFC 9112 §4: status-line = HTTP-version SP status-code SP [ reason-phrase ].
    [Theory]
    [InlineData("HTTP/1.1 200 OK\r\n", HealthCheckResult.Success)]
    [InlineData("HTTP/1.0 204 No Content\r\nServer: x\r\n", HealthCheckResult.Success)]
    [InlineData("HTTP/1.1 301 Moved Permanently\r\n", HealthCheckResult.Success)]
    [InlineData("HTTP/1.1 200\r\n", HealthCheckResult.Success)]
    [InlineData("HTTP/1.1 404 Not Found\r\n", HealthCheckResult.BadStatus)]
    [InlineData("HTTP/1.1 503 Service Unavailable\r\n", HealthCheckResult.BadStatus)]
    [InlineData("HTTP/1.1 100 Continue\r\n", HealthCheckResult.BadStatus)]
    [InlineData("HTTP/2 200 OK\r\n", HealthCheckResult.BadStatus)]
    [InlineData("SSH-2.0-OpenSSH_9.6\r\n", HealthCheckResult.BadStatus)]
    [InlineData("HTTP/1.1 2x0 OK\r\n", HealthCheckResult.BadStatus)]
    public void Evaluate_WholeLine_Verdict(string received, HealthCheckResult expected)
    {
        Assert.Equal(expected, HealthCheckStatusLine.Evaluate(Encoding.ASCII.GetBytes(received)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("HTTP/1.1 200")]
    [InlineData("HTTP/1.1 503 Service Unavailable\r")]
    public void Evaluate_LineNotEndedYet_Undecided(string received)
    {
        Assert.Null(HealthCheckStatusLine.Evaluate(Encoding.ASCII.GetBytes(received)));
    }

    [Fact]
    public void Evaluate_NoLineEndWithinTheLimit_BadStatus()
    {
        var received = Encoding.ASCII.GetBytes("HTTP/1.1 200 " + new string('x', HealthCheckStatusLine.MaxLength));

        Assert.Equal(HealthCheckResult.BadStatus, HealthCheckStatusLine.Evaluate(received));
    }
}
