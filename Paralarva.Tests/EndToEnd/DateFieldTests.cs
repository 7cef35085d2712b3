using System.Net;
using System.Net.Sockets;
using Paralarva.Tests.Common;
using Paralarva.Tests.Http;

namespace Paralarva.Tests.EndToEnd;

/// <summary>
/// RFC 9110 section 6.6.1: a proxy forwarding a response without Date adds the time it received it (nginx does, HAProxy
/// does not), one with Date goes on with the member's own, and the proxy's own answers are dated as an origin
/// server's must be.
/// </summary>
public sealed class DateFieldTests
{
    private const string Domain = "svc.example";
    private const string MemberDate = "Sun, 06 Nov 1994 08:49:37 GMT";

    [Fact]
    public async Task ResponseWithoutDate_DatedByTheProxy_OneWithDateKeepsIt()
    {
        await using var origin = new TestOrigin("a", request => request.Target == "/dated"
            ? OriginResponse.Ok("dated") with { Headers = [new("Date", MemberDate)] }
            : OriginResponse.Ok("undated"));
        await using var proxy = await InProcessProxy.StartAsync(TestConfigs.Service(Domain, origin));
        await using var client = await proxy.ConnectAsync();

        var undated = await client.SendAndReadAsync(RawRequest.Get(Domain, "/undated"));
        var dated = await client.SendAndReadAsync(RawRequest.Get(Domain, "/dated"));

        AddedDate.AssertCurrent(Assert.Single(undated.Headers, static h => h.Key.Equals("Date", StringComparison.OrdinalIgnoreCase)).Value);
        Assert.Equal(MemberDate, Assert.Single(dated.Headers, static h => h.Key.Equals("Date", StringComparison.OrdinalIgnoreCase)).Value);
    }

    [Theory]
    [InlineData("GET /\u0001 HTTP/1.1\r\nHost: " + Domain + "\r\n\r\n", 400)]
    [InlineData("GET / HTTP/1.1\r\nHost: " + Domain + "\r\n\r\n", 502)]
    public async Task OwnAnswers_Dated(string request, int status)
    {
        // A bound socket that does not listen: connecting to it is refused.
        using var closedPort = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        closedPort.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        await using var proxy = await InProcessProxy.StartAsync(TestConfigs.Service(Domain, "round_robin", ((IPEndPoint)closedPort.LocalEndPoint!).Port));
        await using var client = await proxy.ConnectAsync();

        var response = await client.SendAndReadAsync(request);

        Assert.Equal(status, response.StatusCode);
        AddedDate.AssertCurrent(Assert.Single(response.Headers, static h => h.Key.Equals("Date", StringComparison.OrdinalIgnoreCase)).Value);
    }
}
