using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Paralarva.Actors.Config;
using Paralarva.Tests.Common;

namespace Paralarva.Tests.EndToEnd;

/// <summary>
/// Issue 4 "Passive health and retries" over real sockets with real origins: members that die, refuse
/// or go idle never surface as errors when a retry can hide them, and non-idempotent requests are never
/// sent twice (RFC 9110 §9.2.2).
/// </summary>
public sealed class ResilienceTests
{
    private const string Domain = "svc.example";

    private static ServiceConfig Service(string strategy, params int[] ports) => TestConfigs.Service(Domain, strategy, ports);

    [Fact]
    public async Task MemberKilled_FiftyClientsSendingGets_NoClientSeesAnError()
    {
        await using var a = new TestOrigin("a");
        await using var b = new TestOrigin("b");
        await using var c = new TestOrigin("c");
        // Metrics live in the process-wide registry: a domain of its own keeps this test's series apart.
        var domain = "kill-" + Guid.NewGuid().ToString("N")[..8] + ".example";
        await using var proxy = await InProcessProxy.StartAsync(
            TestConfigs.Proxy(TestConfigs.Service(domain, StrategyNames.PowerOfTwoChoices, a.Port, b.Port, c.Port)));
        var errors = new ConcurrentQueue<string>();
        var answered = 0L;
        using var stop = new CancellationTokenSource();

        var clients = Enumerable.Range(0, 50).Select(i => Task.Run(async () =>
        {
            var client = await proxy.ConnectAsync();
            try
            {
                // Bounded in count and in time: the test stops the clients a while after the kill.
                for (var n = 0; n < 5000 && !stop.IsCancellationRequested; n++)
                {
                    var response = await client.SendAndReadAsync(RawRequest.Get(domain, "/c" + i + "/" + n));
                    if (response.StatusCode != 200)
                        errors.Enqueue("client " + i + ": " + response.StatusCode + " " + response.BodyText);
                    Interlocked.Increment(ref answered);
                }
            }
            catch (Exception e)
            {
                errors.Enqueue("client " + i + ": " + e.GetType().Name + " " + e.Message);
            }
            finally
            {
                await client.DisposeAsync();
            }
        })).ToArray();

        await b.WaitForRequestsAsync(200, TimeSpan.FromSeconds(30));
        var beforeKill = Interlocked.Read(ref answered);
        await b.DisposeAsync();
        var survivors = a.RequestsReceived + c.RequestsReceived;
        // Keep the load on for a while after the kill: retries, refused connects, the ejection.
        await a.WaitForRequestsAsync((int)a.RequestsReceived + 500, TimeSpan.FromSeconds(30));
        await c.WaitForRequestsAsync((int)c.RequestsReceived + 500, TimeSpan.FromSeconds(30));
        stop.CancelAfter(TimeSpan.FromSeconds(2));
        await Task.WhenAll(clients).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Empty(errors);
        Assert.True(Interlocked.Read(ref answered) > beforeKill + 1000);
        Assert.True(a.RequestsReceived + c.RequestsReceived >= survivors + 1000);
        var ejected = "paralarva_member_ejected{service=\"" + domain + "\",member=\"127.0.0.1:" + b.Port + "\"} 1";
        var metrics = await ProxyReports.WaitForLineAsync(proxy, ejected);
        Assert.Contains("paralarva_retries_total{service=\"" + domain + "\"", metrics);
        Assert.Contains("paralarva_member_ejections_total{service=\"" + domain + "\",member=\"127.0.0.1:" + b.Port + "\"} 1", metrics);
    }

    [Fact]
    public async Task MemberDiesMidRequest_PostsNeverSentTwice()
    {
        // Member a takes POSTs and never answers, then dies holding them; b answers at once.
        await using var a = new TestOrigin("a", _ => OriginResponse.NeverAnswer());
        await using var b = new TestOrigin("b");
        await using var proxy = await InProcessProxy.StartAsync(
            TestConfigs.Proxy(Service(StrategyNames.RoundRobin, a.Port, b.Port)));

        var posts = Enumerable.Range(0, 10).Select(async i =>
        {
            await using var client = await proxy.ConnectAsync();
            return await client.SendAndReadAsync(RawRequest.WithBody("POST", Domain, "/orders", "order-" + i), "POST");
        }).ToArray();
        await a.WaitForRequestsAsync(5);
        await b.WaitForRequestsAsync(5);
        await a.DisposeAsync();
        var responses = await Task.WhenAll(posts).WaitAsync(TimeSpan.FromSeconds(30));

        var atA = a.Requests.Select(r => Encoding.ASCII.GetString(r.Body!)).ToList();
        var atB = b.Requests.Select(r => Encoding.ASCII.GetString(r.Body!)).ToList();
        Assert.Equal(10, atA.Concat(atB).Distinct().Count());
        Assert.Equal(10, atA.Count + atB.Count);
        Assert.Equal(5, responses.Count(r => r.StatusCode == 200));
        Assert.Equal(5, responses.Count(r => r.StatusCode == 502));
    }

    [Fact]
    public async Task MemberResetsPosts_NeverSentAgainToAnotherMember()
    {
        await using var a = new TestOrigin("a", _ => OriginResponse.Reset());
        await using var b = new TestOrigin("b");
        await using var proxy = await InProcessProxy.StartAsync(
            TestConfigs.Proxy(Service(StrategyNames.RoundRobin, a.Port, b.Port)));

        var statuses = new List<int>();
        for (var i = 0; i < 6; i++)
            statuses.Add((await proxy.SendOnNewConnectionAsync(RawRequest.WithBody("POST", Domain, "/p", "p-" + i), "POST")).StatusCode);

        var bodies = a.Requests.Concat(b.Requests).Select(r => Encoding.ASCII.GetString(r.Body!)).ToList();
        Assert.Equal(6, bodies.Count);
        Assert.Equal(6, bodies.Distinct().Count());
        Assert.Equal(statuses.Count(s => s == 502), a.RequestsReceived);
    }

    [Fact]
    public async Task ConnectRefusedMember_RetriedTransparently()
    {
        await using var live = new TestOrigin("live");
        using var refusing = new RefusingPort();
        var dead = refusing.Port;
        await using var proxy = await InProcessProxy.StartAsync(
            TestConfigs.Proxy(Service(StrategyNames.RoundRobin, dead, live.Port)));

        for (var i = 0; i < 10; i++)
            Assert.Equal(200, (await proxy.SendOnNewConnectionAsync(RawRequest.Get(Domain, "/" + i))).StatusCode);
        var post = await proxy.SendOnNewConnectionAsync(RawRequest.WithBody("POST", Domain, "/once", "x"), "POST");

        // Nothing reached the refusing member, so even a POST goes to the other one, once.
        Assert.Equal(200, post.StatusCode);
        Assert.Equal(1, live.Requests.Count(r => r.Method == "POST"));
    }

    [Fact]
    public async Task ConnectNotAnsweredWithinTimeoutsConnect_RetriedOnAnotherMember()
    {
        // A listener that never accepts, its backlog filled: the kernel drops further SYNs, so a connect hangs.
        using var silent = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        silent.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        silent.Listen(0);
        var silentPort = ((IPEndPoint)silent.LocalEndPoint!).Port;
        var fillers = new List<Socket>();
        try
        {
            for (var i = 0; i < 4; i++)
            {
                var filler = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                fillers.Add(filler);
                _ = filler.ConnectAsync(IPAddress.Loopback, silentPort);
            }

            await using var live = new TestOrigin("live");
            var config = TestConfigs.Proxy(Service(StrategyNames.RoundRobin, silentPort, live.Port)) with
            {
                Timeouts = new TimeoutsConfig { Member = MemberTimeoutsConfig.Default with { Connect = TimeSpan.FromMilliseconds(300) } },
            };
            // A response timeout of an hour: an answer within the client's read bound (10 s) can only come from the
            // connect timeout (300 ms) giving up on the silent member, never from waiting for the response timeout.
            await using var proxy = await InProcessProxy.StartAsync(config, InProcessProxy.DefaultOptions with { Timeout = TimeSpan.FromHours(1) });

            var response = await proxy.SendOnNewConnectionAsync(RawRequest.Get(Domain, "/"));

            Assert.Equal(200, response.StatusCode);
            Assert.Equal("origin live", response.BodyText);
        }
        finally
        {
            foreach (var filler in fillers)
                filler.Dispose();
        }
    }

    [Fact]
    public async Task ConnectRefusedThenServed_AccessLogCountsTwoAttempts()
    {
        var path = Path.Combine(Path.GetTempPath(), "paralarva-attempts-" + Guid.NewGuid().ToString("N") + ".log");
        await using var live = new TestOrigin("live");
        // Round robin starts with the first member: the refusing one.
        using var refusing = new RefusingPort();
        var config = TestConfigs.Proxy(Service(StrategyNames.RoundRobin, refusing.Port, live.Port)) with { AccessLog = AccessLogConfig.File(path) };
        try
        {
            await using (var proxy = await InProcessProxy.StartAsync(config))
            {
                Assert.Equal(200, (await proxy.SendOnNewConnectionAsync(RawRequest.Get(Domain, "/retried"))).StatusCode);
                await ProxyReports.WaitForFileLineAsync(path);
            }

            using var entry = System.Text.Json.JsonDocument.Parse(File.ReadAllLines(path)[0]);
            Assert.Equal(2, entry.RootElement.GetProperty("attempts").GetInt32());
            Assert.Equal("127.0.0.1:" + live.Port, entry.RootElement.GetProperty("member").GetString());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task AllMembersEjected_Reject_Answers503WithRetryAfterAtOnce()
    {
        using var refusing = new RefusingPort();
        var dead = refusing.Port;
        var service = Service(StrategyNames.RoundRobin, dead) with
        {
            OutlierDetection = OutlierDetectionConfig.Default with { ConsecutiveFailures = 1 },
        };
        var path = Path.Combine(Path.GetTempPath(), "paralarva-reject-" + Guid.NewGuid().ToString("N") + ".log");
        // "At once" without a clock: the member is not tried (no attempt in the access log), and with a queue wait and a
        // response timeout of an hour, an answer within the client's read bound cannot come from waiting for either.
        var config = TestConfigs.Proxy(service) with
        {
            AccessLog = AccessLogConfig.File(path),
            Timeouts = new TimeoutsConfig { Member = MemberTimeoutsConfig.Default with { MemberQueue = TimeSpan.FromHours(1) } },
        };
        try
        {
            await using (var proxy = await InProcessProxy.StartAsync(config, InProcessProxy.DefaultOptions with { Timeout = TimeSpan.FromHours(1) }))
            {
                Assert.Equal(502, (await proxy.SendOnNewConnectionAsync(RawRequest.Get(Domain, "/ejecting"))).StatusCode);
                var rejected = await proxy.SendOnNewConnectionAsync(RawRequest.Get(Domain, "/rejected"));

                Assert.Equal(503, rejected.StatusCode);
                Assert.Equal("1", rejected.Header("Retry-After")); // RFC 9110 §10.2.3
                await ProxyReports.WaitForFileLineAsync(path, lines: 2);
            }

            var entries = File.ReadAllLines(path).Select(line => System.Text.Json.JsonDocument.Parse(line).RootElement).ToList();
            var entry = Assert.Single(entries, e => e.GetProperty("target").GetString() == "/rejected");
            Assert.Equal(503, entry.GetProperty("status").GetInt32());
            Assert.Equal(0, entry.GetProperty("attempts").GetInt32());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task AllMembersEjected_Panic_TriesTheMembersAnyway()
    {
        await using var origin = new TestOrigin("a", _ => OriginResponse.CloseWithoutAnswer());
        var service = Service(StrategyNames.RoundRobin, origin.Port) with
        {
            WhenAllMembersDown = AllMembersDownPolicy.Panic,
            OutlierDetection = OutlierDetectionConfig.Default with { ConsecutiveFailures = 1 },
            MaxRetries = 0,
        };
        await using var proxy = await InProcessProxy.StartAsync(TestConfigs.Proxy(service));
        Assert.Equal(502, (await proxy.SendOnNewConnectionAsync(RawRequest.Get(Domain, "/fails"))).StatusCode);

        origin.Handler = _ => OriginResponse.Ok("still here");
        var response = await proxy.SendOnNewConnectionAsync(RawRequest.Get(Domain, "/panic"));

        Assert.Equal(200, response.StatusCode);
        Assert.Equal("still here", response.BodyText);
    }

    [Fact]
    public async Task MemberIdle_PooledConnectionClosedByTheProxyBeforeTheOriginsKeepAlive()
    {
        await using var origin = new TestOrigin("a", options: new TestOriginOptions { KeepAliveTimeout = TimeSpan.FromSeconds(3) });
        var config = TestConfigs.Proxy(Service(StrategyNames.RoundRobin, origin.Port)) with
        {
            Timeouts = new TimeoutsConfig { Member = MemberTimeoutsConfig.Default with { MemberIdle = TimeSpan.FromMilliseconds(300) } },
        };
        await using var proxy = await InProcessProxy.StartAsync(config);

        Assert.Equal(200, (await proxy.SendOnNewConnectionAsync(RawRequest.Get(Domain, "/1"))).StatusCode);
        await origin.WaitForConnectionsClosedAsync(1, TimeSpan.FromSeconds(2.5));

        Assert.Equal(0, origin.KeepAliveTimeouts);
        Assert.Equal(200, (await proxy.SendOnNewConnectionAsync(RawRequest.Get(Domain, "/2"))).StatusCode);
        Assert.Equal(2, origin.ConnectionsAccepted);
    }

    [Fact]
    public async Task MemberIdleLongerThanTheOriginsKeepAlive_TheOriginClosesFirst()
    {
        // The control of the test above: with the proxy's idle timeout too long, the origin's fires.
        await using var origin = new TestOrigin("a", options: new TestOriginOptions { KeepAliveTimeout = TimeSpan.FromMilliseconds(300) });
        var config = TestConfigs.Proxy(Service(StrategyNames.RoundRobin, origin.Port)) with
        {
            Timeouts = new TimeoutsConfig { Member = MemberTimeoutsConfig.Default with { MemberIdle = TimeSpan.FromSeconds(30) } },
        };
        await using var proxy = await InProcessProxy.StartAsync(config);

        Assert.Equal(200, (await proxy.SendOnNewConnectionAsync(RawRequest.Get(Domain, "/1"))).StatusCode);
        await origin.WaitForConnectionsClosedAsync(1, TimeSpan.FromSeconds(5));

        Assert.Equal(1, origin.KeepAliveTimeouts);
    }

    [Fact]
    public async Task ConnectionLimitReached_WaitLongerThanMemberQueue_Answers503()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var origin = new TestOrigin("a", _ => OriginResponse.Ok("held").After(release.Task));
        var config = TestConfigs.Proxy(LimitsConfig.Default with { MaxConnectionsPerMember = 1 }, Service(StrategyNames.RoundRobin, origin.Port)) with
        {
            Timeouts = new TimeoutsConfig { Member = MemberTimeoutsConfig.Default with { MemberQueue = TimeSpan.FromMilliseconds(300) } },
        };
        await using var proxy = await InProcessProxy.StartAsync(config);
        await using var holder = await proxy.ConnectAsync();
        await holder.SendAsync(RawRequest.Get(Domain, "/held"));
        await origin.WaitForRequestsAsync(1);

        var queued = await proxy.SendOnNewConnectionAsync(RawRequest.Get(Domain, "/queued"));
        release.SetResult();

        Assert.Equal(503, queued.StatusCode);
        Assert.Equal(200, (await holder.ReadResponseAsync()).StatusCode);
    }
}
