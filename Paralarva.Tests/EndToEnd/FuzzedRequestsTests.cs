using System.Diagnostics;
using Paralarva.Actors.Config;
using Paralarva.Tests.Common;
using Paralarva.Tests.Http;

namespace Paralarva.Tests.EndToEnd;

/// <summary>
/// Mutated heads over real sockets (fixed seed, so a failure replays): each gets a well-formed answer, a member's
/// 200 or the proxy's own 4xx, never a hang or a broken response; whatever reached the member was valid HTTP to
/// TestOrigin's strict parser (RFC 9112 sections 2.2, 5 and 6); and the proxy still answers a plain request after.
/// </summary>
public sealed class FuzzedRequestsTests
{
    private const string Domain = "svc.example";
    private const int Inputs = 300;
    private const int Concurrency = 30;
    private static readonly TimeSpan TimeBound = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task MutatedHeads_EachAnswered200Or4xx_ProxyStillServesAfterwards()
    {
        await using var origin = new TestOrigin("a");
        // Short client timeouts: a head that lost its end, or a body that never comes, is answered 408 quickly.
        var config = TestConfigs.Proxy(TestConfigs.Service(Domain, origin)) with
        {
            Timeouts = TimeoutsConfig.Default with { RequestHead = TimeSpan.FromSeconds(1), BodyIdle = TimeSpan.FromSeconds(1) },
        };
        await using var proxy = await InProcessProxy.StartAsync(config);
        var mutator = new HeadMutator(seed: 7);
        var inputs = Enumerable.Range(0, Inputs).Select(_ => mutator.Mutate()).ToArray();
        var statuses = new int[Inputs];
        var clock = Stopwatch.StartNew();

        for (var batch = 0; batch < Inputs && clock.Elapsed < TimeBound; batch += Concurrency)
        {
            var tasks = Enumerable.Range(batch, Math.Min(Concurrency, Inputs - batch))
                .Select(i => SendOneAsync(proxy, inputs[i], statuses, i));
            await Task.WhenAll(tasks);
        }

        for (var i = 0; i < Inputs; i++)
        {
            // Only an input without a single byte may end in a silent close (nothing to answer).
            Assert.True(statuses[i] is 200 or 400 or 408 or 413 or 431 || (inputs[i].Length == 0 && statuses[i] == -1),
                "seed 7 input " + i + " answered " + statuses[i] + ": " + HttpBytes.Text(inputs[i]).Replace("\r", "\\r").Replace("\n", "\\n"));
        }

        Assert.Contains(200, statuses);
        Assert.Contains(400, statuses);
        // A body that never came ends in 408 and a member connection closed mid-request: truncated, never malformed.
        Assert.DoesNotContain(origin.ProtocolErrors, static e => !e.Contains(": connection closed ", StringComparison.Ordinal));
        var plain = await proxy.SendOnNewConnectionAsync(RawRequest.Get(Domain, "/after-fuzz"));
        Assert.Equal(200, plain.StatusCode);
    }

    private static async Task SendOneAsync(InProcessProxy proxy, byte[] input, int[] statuses, int index)
    {
        await using var client = await proxy.ConnectAsync();
        client.Timeout = TimeSpan.FromSeconds(10);
        await client.SendAsync(input);
        var method = input.AsSpan().TrimStart("\r\n"u8).StartsWith("HEAD "u8) ? "HEAD" : "GET";
        try
        {
            var response = await client.ReadResponseAsync(method);
            // The member's interim 1xx (an Expect head), then its final answer.
            while (response.StatusCode is >= 100 and < 200)
                response = await client.ReadResponseAsync(method);
            statuses[index] = response.StatusCode;
        }
        catch (HttpFormatException)
        {
            // The proxy closed without an answer or sent something malformed; the assertion names the input.
            statuses[index] = -1;
        }
        catch (TimeoutException)
        {
            statuses[index] = -2;
        }
    }
}
