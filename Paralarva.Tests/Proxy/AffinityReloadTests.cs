using System.Net;
using Akka.Actor;
using Akka.Streams;
using Akka.TestKit.TestActors;
using Akka.TestKit.Xunit2;
using Paralarva.Actors.Config;
using Paralarva.Actors.Metrics;
using Paralarva.Actors.Proxy;
using Paralarva.Tests.Common;
using static Paralarva.Actors.Proxy.ProxyMessages;

namespace Paralarva.Tests.Proxy;

/// <summary>Issue 17 point 6 for affinity: strategy, hash_key and affinity changed by a reload reach the running balancers and connections.</summary>
public sealed class AffinityReloadTests : TestKit
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private const string Domain = "a.test";

    private static ServiceConfig Service(string strategy, AffinityConfig affinity, params TestOrigin[] members) =>
        new("a", Domain, [.. members.Select(m => new MemberConfig("127.0.0.1", m.Port))], strategy) { Affinity = affinity };

    private static ProxyConfig Config(ServiceConfig service) =>
        new(new ListenConfig("127.0.0.1", 0), [service], LimitsConfig.Default) { SourceHash = "000000000001" };

    [Fact]
    public void Diff_HashKeyOrCookieChanged_ServiceChanged()
    {
        var plain = Config(Service(StrategyNames.ConsistentHash, AffinityConfig.None));
        var byHeader = Config(Service(StrategyNames.ConsistentHash, new AffinityConfig("X-User", null)));
        var withCookie = Config(Service(StrategyNames.ConsistentHash, new AffinityConfig("X-User", "pl")));

        Assert.Single(ConfigDiff.Compute(plain, byHeader).Changed);
        Assert.Single(ConfigDiff.Compute(byHeader, withCookie).Changed);
        Assert.Empty(ConfigDiff.Compute(withCookie, Config(Service(StrategyNames.ConsistentHash, new AffinityConfig("X-User", "pl")))).Changed);
    }

    [Fact]
    public async Task Reload_RoundRobinToConsistentHashAndCookie_AndBack_KeptConnectionFollows()
    {
        await using var a = new TestOrigin("a");
        await using var b = new TestOrigin("b");
        await using var c = new TestOrigin("c");
        var proxy = Sys.ActorOf(ProxyActor.Props(Config(Service(StrategyNames.RoundRobin, AffinityConfig.None, a, b, c)),
            ProxyOptions.Default, BlackHoleActor.Props, Sys.Materializer()));
        var status = await proxy.Ask<ListenStatus>(GetListenStatus.Instance, Wait);
        await using var client = await RawHttpClient.ConnectAsync(((IPEndPoint)status.LocalAddress!).Port);

        var before = await MembersAsync(client, 6, expectCookie: false);
        Assert.True(before.Count >= 2, "round robin should rotate");

        var sticky = Service(StrategyNames.ConsistentHash, new AffinityConfig("X-User", "pl"), a, b, c);
        Assert.Equal(["service a changed"], (await proxy.Ask<ReloadApplied>(new ProxyMessages.Reload(Config(sticky)), Wait)).Changes);
        Assert.Single(await MembersAsync(client, 12, expectCookie: true));

        var back = Service(StrategyNames.RoundRobin, AffinityConfig.None, a, b, c);
        await proxy.Ask<ReloadApplied>(new ProxyMessages.Reload(Config(back)), Wait);
        Assert.True((await MembersAsync(client, 6, expectCookie: false)).Count >= 2, "round robin again after the reload");
    }

    /// <summary>Sends <paramref name="count"/> requests of one user on the kept connection; returns the members that answered.</summary>
    private static async Task<HashSet<string>> MembersAsync(RawHttpClient client, int count, bool expectCookie)
    {
        var members = new HashSet<string>();
        for (var i = 0; i < count; i++)
        {
            var response = await client.SendAndReadAsync(RawRequest.Get(Domain, "/", "X-User: alice"));
            Assert.True(response.StatusCode == 200, response.ToString());
            Assert.Equal(expectCookie, response.Header("Set-Cookie") is not null);
            members.Add(response.BodyText);
        }

        return members;
    }
}
