using System.Globalization;
using System.Text;
using Paralarva.Actors.Config;
using Paralarva.Tests.Common;

namespace Paralarva.Tests.EndToEnd;

/// <summary>
/// Many honest clients and a few abusive ones at once, loopback only, bounded in count and time: 200 keep-alive
/// clients each send 20 requests (GETs, and POSTs with Content-Length or chunked bodies) and each gets exactly its
/// own answers, while slowloris clients (408), oversized heads (431), garbage (400) and clients that vanish
/// mid-request run alongside. Not a speed test: it checks that abuse costs only the abuser.
/// </summary>
public sealed class LoadWithAbuseTests
{
    private const string Domain = "svc.example";
    private const string VanishDomain = "vanish.example";
    private const int Clients = 200;
    private const int RequestsEach = 20;
    private static readonly TimeSpan TimeBound = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task HonestClientsAllAnsweredCorrectly_WhileAbusiveClientsAreTurnedAway()
    {
        await using var origin = new TestOrigin("a", static req => req.Method == "POST"
            ? OriginResponse.Ok(req.BodySha256)
            : OriginResponse.Ok(req.Target));
        // Vanishing clients have a member of their own, so what reaches it and what stays open is theirs alone.
        await using var vanishOrigin = new TestOrigin("vanish");
        var config = TestConfigs.Proxy(TestConfigs.Service(Domain, origin), TestConfigs.Service(VanishDomain, vanishOrigin)) with
        {
            Timeouts = TimeoutsConfig.Default with { RequestHead = TimeSpan.FromSeconds(2), BodyIdle = TimeSpan.FromSeconds(2) },
        };
        await using var proxy = await InProcessProxy.StartAsync(config);
        using var stop = new CancellationTokenSource(TimeBound);

        var abusers = new List<Task<string>>();
        for (var i = 0; i < 5; i++)
        {
            abusers.Add(SlowlorisAsync(proxy, stop.Token));
            abusers.Add(OversizedHeadAsync(proxy));
            abusers.Add(GarbageAsync(proxy, i));
            abusers.Add(VanishAsync(proxy, vanishOrigin, i));
            abusers.Add(VanishAsync(proxy, vanishOrigin, i + 100));
        }

        var honest = Enumerable.Range(0, Clients).Select(HonestClientAsync).ToList();
        await Task.WhenAll(honest).WaitAsync(TimeBound);
        var outcomes = await Task.WhenAll(abusers).WaitAsync(TimeBound);

        Assert.Equal(Clients * RequestsEach, honest.Sum(static t => t.Result));
        Assert.All(outcomes, static o => Assert.True(o is "408" or "431" or "400" or "closed" or "vanished", o));
        Assert.Equal(5, outcomes.Count(static o => o == "431"));
        var after = await proxy.SendOnNewConnectionAsync(RawRequest.Get(Domain, "/after"));
        Assert.Equal("/after", after.BodyText);

        // A client that vanished mid-body leaves nothing behind: its half request was streamed to the member (so a
        // member connection was opened), never completed there, and every such member connection was closed.
        Assert.True(vanishOrigin.ConnectionsAccepted >= 1, "no vanishing request reached its member: the scenario proves nothing");
        await Poll.UntilAsync(() => vanishOrigin.OpenConnections == 0,
            "the member connections of vanished clients to be closed (" + vanishOrigin.OpenConnections + " open)", TimeSpan.FromSeconds(30));
        Assert.Empty(vanishOrigin.Requests);

        async Task<int> HonestClientAsync(int c)
        {
            await using var client = await proxy.ConnectAsync();
            var random = new Random(c);
            for (var i = 0; i < RequestsEach; i++)
            {
                var target = "/c" + c + "/r" + i;
                if (i % 2 == 0)
                {
                    var response = await client.SendAndReadAsync(RawRequest.Get(Domain, target));
                    Assert.Equal(target, response.BodyText);
                    continue;
                }

                var body = BodyPattern.Create(random.Next(8 * 1024));
                var text = Encoding.Latin1.GetString(body);
                var request = i % 4 == 1
                    ? RawRequest.WithBody("POST", Domain, target, text)
                    : RawRequest.Chunked("POST", Domain, target, [text[..(text.Length / 2)], text[(text.Length / 2)..]]);
                var posted = await client.SendAndReadAsync(request, "POST");
                Assert.Equal(BodyCollector.Sha256Hex(body), posted.BodyText);
            }

            return RequestsEach;
        }
    }

    /// <summary>One byte every 200 ms: request_head (2 s) ends it with 408.</summary>
    private static async Task<string> SlowlorisAsync(InProcessProxy proxy, CancellationToken stop)
    {
        await using var client = await proxy.ConnectAsync();
        var answer = client.ReadResponseAsync(timeout: TimeSpan.FromSeconds(30));
        var head = Encoding.ASCII.GetBytes(RawRequest.Get(Domain, "/slow", "X-Pad: " + new string('p', 200)));
        for (var i = 0; i < head.Length && !answer.IsCompleted && !stop.IsCancellationRequested; i++)
        {
            try
            {
                await client.SendAsync(head.AsMemory(i, 1));
                await Task.Delay(200, stop);
            }
            catch (Exception e) when (e is OperationCanceledException or System.Net.Sockets.SocketException)
            {
                break;
            }
        }

        return await OutcomeAsync(answer);
    }

    private static async Task<string> OversizedHeadAsync(InProcessProxy proxy)
    {
        await using var client = await proxy.ConnectAsync();
        await client.SendAsync(RawRequest.Get(Domain, "/big", "X-Big: " + new string('b', 20_000)));
        return await OutcomeAsync(client.ReadResponseAsync());
    }

    private static async Task<string> GarbageAsync(InProcessProxy proxy, int seed)
    {
        await using var client = await proxy.ConnectAsync();
        var bytes = new byte[512];
        new Random(seed).NextBytes(bytes);
        bytes[^4] = (byte)'\r';
        bytes[^3] = (byte)'\n';
        bytes[^2] = (byte)'\r';
        bytes[^1] = (byte)'\n';
        try
        {
            await client.SendAsync(bytes);
        }
        catch (System.Net.Sockets.SocketException)
        {
            return "closed";
        }

        return await OutcomeAsync(client.ReadResponseAsync());
    }

    /// <summary>Half a request (head, or head and part of a body), then a reset; what it leaves behind is checked at the end.</summary>
    private static async Task<string> VanishAsync(InProcessProxy proxy, TestOrigin member, int seed)
    {
        var client = await proxy.ConnectAsync();
        var partial = seed % 2 == 0
            ? "GET /vanish HTTP/1.1\r\nHost: vanish.exa"
            : "POST /vanish HTTP/1.1\r\nHost: vanish.example\r\nContent-Length: " + (1000 + seed).ToString(CultureInfo.InvariantCulture) + "\r\n\r\nsome";
        await client.SendAsync(partial);
        // Mid-body, the client vanishes only once the request is streaming to the member (some request has reached
        // it), so that the member connection the proxy must close exists.
        if (seed % 2 != 0)
            await Poll.UntilAsync(() => member.BytesReceived >= partial.Length, "the half request to reach the member", TimeSpan.FromSeconds(30));
        client.Reset();
        await client.DisposeAsync();
        return "vanished";
    }

    private static async Task<string> OutcomeAsync(Task<RawResponse> answer)
    {
        try
        {
            return (await answer).StatusCode.ToString(CultureInfo.InvariantCulture);
        }
        catch (HttpFormatException)
        {
            return "closed";
        }
    }
}
