using System.Text.RegularExpressions;
using Paralarva.Actors.Config;
using Paralarva.Tests.Common;

namespace Paralarva.Tests.EndToEnd;

/// <summary>
/// Issue 17 point 3, session affinity, through the real listener with real origins: <c>consistent_hash</c> on a header
/// or the client address, and the affinity cookie (set, honoured, replaced when its member is gone).
/// </summary>
public sealed partial class AffinityTests
{
    private const string Domain = "sticky.example";
    private const string Cookie = "pl_affinity";

    [GeneratedRegex("^" + Cookie + "=([0-9a-f]{16}); Path=/; HttpOnly$")]
    private static partial Regex SetCookieLine();

    private static ServiceConfig Service(string strategy, AffinityConfig affinity, params TestOrigin[] members) =>
        TestConfigs.Service(Domain, strategy, [.. members.Select(static m => m.Port)]) with { Affinity = affinity };

    /// <summary>The affinity id a response's Set-Cookie carries, or null when it has none.</summary>
    private static string? CookieId(RawResponse response)
    {
        var line = response.Header("Set-Cookie");
        if (line is null)
            return null;
        var match = SetCookieLine().Match(line);
        Assert.True(match.Success, "unexpected Set-Cookie: " + line);
        return match.Groups[1].Value;
    }

    private static void AssertOk(RawResponse response) => Assert.True(response.StatusCode == 200, response.ToString());

    [Fact]
    public async Task HashOnHeader_SameValue_SameMemberAcrossRequestsAndConnections()
    {
        await using var a = new TestOrigin("a");
        await using var b = new TestOrigin("b");
        await using var c = new TestOrigin("c");
        await using var proxy = await InProcessProxy.StartAsync(
            Service(StrategyNames.ConsistentHash, new AffinityConfig("X-User", null), a, b, c));
        var memberOf = new Dictionary<string, string>();

        // Three connections, each sending every user's request in turn: keep-alive and new connections alike.
        for (var connection = 0; connection < 3; connection++)
        {
            await using var client = await proxy.ConnectAsync();
            for (var user = 0; user < 24; user++)
            {
                var response = await client.SendAndReadAsync(RawRequest.Get(Domain, "/u", "X-User: user-" + user));
                AssertOk(response);
                if (!memberOf.TryAdd("user-" + user, response.BodyText))
                    Assert.Equal(memberOf["user-" + user], response.BodyText);
            }
        }

        // The key decides: 24 users do not all land on one member (that would also pass the checks above).
        Assert.True(memberOf.Values.Distinct().Count() >= 2, string.Join(", ", memberOf.Values.Distinct()));
        Assert.Null((await proxy.SendOnNewConnectionAsync(RawRequest.Get(Domain, "/", "X-User: user-1"))).Header("Set-Cookie"));
    }

    [Fact]
    public async Task HashOnHeader_MemberDown_ItsKeysMoveAndTheOthersStay()
    {
        var a = new TestOrigin("a");
        await using var b = new TestOrigin("b");
        await using var c = new TestOrigin("c");
        await using var proxy = await InProcessProxy.StartAsync(
            Service(StrategyNames.ConsistentHash, new AffinityConfig("X-User", null), a, b, c));
        await using var client = await proxy.ConnectAsync();
        var before = new string[30];
        for (var user = 0; user < before.Length; user++)
        {
            var response = await client.SendAndReadAsync(RawRequest.Get(Domain, "/", "X-User: user-" + user));
            AssertOk(response);
            before[user] = response.BodyText;
        }

        Assert.Contains(a.DefaultBody, before);
        await a.DisposeAsync();

        for (var user = 0; user < before.Length; user++)
        {
            var response = await client.SendAndReadAsync(RawRequest.Get(Domain, "/", "X-User: user-" + user));
            AssertOk(response);
            // a's keys go to the next member on the ring (the refused connect is retried there); the others stay put.
            if (before[user] == a.DefaultBody)
                Assert.NotEqual(a.DefaultBody, response.BodyText);
            else
                Assert.Equal(before[user], response.BodyText);
        }
    }

    [Fact]
    public async Task HashOnClientAddress_EveryConnectionFromOneAddress_SameMember()
    {
        await using var a = new TestOrigin("a");
        await using var b = new TestOrigin("b");
        await using var c = new TestOrigin("c");
        await using var proxy = await InProcessProxy.StartAsync(Service(StrategyNames.ConsistentHash, AffinityConfig.None, a, b, c));

        var members = new HashSet<string>();
        for (var i = 0; i < 12; i++)
        {
            var response = await proxy.SendOnNewConnectionAsync(RawRequest.Get(Domain, "/n" + i, "X-User: user-" + i));
            AssertOk(response);
            members.Add(response.BodyText);
        }

        Assert.Single(members);
    }

    [Fact]
    public async Task Cookie_SetOnFirstResponse_HonouredOnLaterConnections()
    {
        await using var a = new TestOrigin("a");
        await using var b = new TestOrigin("b");
        await using var c = new TestOrigin("c");
        await using var proxy = await InProcessProxy.StartAsync(Service(StrategyNames.RoundRobin, new AffinityConfig(null, Cookie), a, b, c));

        var first = await proxy.SendOnNewConnectionAsync(RawRequest.Get(Domain, "/"));
        AssertOk(first);
        var id = CookieId(first);
        Assert.NotNull(id);
        // Opaque: neither the member's address nor its port shows.
        foreach (var origin in new[] { a, b, c })
            Assert.DoesNotContain(origin.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), first.Header("Set-Cookie")!, StringComparison.Ordinal);

        // Round robin would rotate these over the three members; the cookie keeps them on the first one.
        for (var i = 0; i < 9; i++)
        {
            var response = await proxy.SendOnNewConnectionAsync(RawRequest.Get(Domain, "/again", "Cookie: theme=dark; " + Cookie + "=" + id));
            AssertOk(response);
            Assert.Equal(first.BodyText, response.BodyText);
            Assert.Null(response.Header("Set-Cookie"));
        }

        // Without the cookie the strategy picks (and pins) as usual: another member, another id.
        var other = await proxy.SendOnNewConnectionAsync(RawRequest.Get(Domain, "/"));
        AssertOk(other);
        Assert.NotEqual(first.BodyText, other.BodyText);
        Assert.NotEqual(id, CookieId(other));
    }

    [Fact]
    public async Task Cookie_ForAMemberThatWentDown_AnotherMemberAndANewCookie()
    {
        var a = new TestOrigin("a");
        await using var b = new TestOrigin("b");
        await using var proxy = await InProcessProxy.StartAsync(Service(StrategyNames.RoundRobin, new AffinityConfig(null, Cookie), a, b));
        string? idOfA = null;
        // Round robin over two members: one of the first two answers comes from a.
        for (var i = 0; i < 2 && idOfA is null; i++)
        {
            var response = await proxy.SendOnNewConnectionAsync(RawRequest.Get(Domain, "/"));
            AssertOk(response);
            if (response.BodyText == a.DefaultBody)
                idOfA = CookieId(response);
        }

        Assert.NotNull(idOfA);
        await a.DisposeAsync();

        // The pinned member refuses: the request is retried on b, which pins the client anew.
        var moved = await proxy.SendOnNewConnectionAsync(RawRequest.Get(Domain, "/", "Cookie: " + Cookie + "=" + idOfA));
        AssertOk(moved);
        Assert.Equal(b.DefaultBody, moved.BodyText);
        var idOfB = CookieId(moved);
        Assert.NotNull(idOfB);
        Assert.NotEqual(idOfA, idOfB);

        // The new cookie is honoured, and needs no new Set-Cookie.
        for (var i = 0; i < 4; i++)
        {
            var response = await proxy.SendOnNewConnectionAsync(RawRequest.Get(Domain, "/", "Cookie: " + Cookie + "=" + idOfB));
            AssertOk(response);
            Assert.Equal(b.DefaultBody, response.BodyText);
            Assert.Null(response.Header("Set-Cookie"));
        }
    }

    [Fact]
    public async Task Cookie_SameMemberInAnotherProxyReplica_SameId()
    {
        await using var a = new TestOrigin("a");
        await using var first = await InProcessProxy.StartAsync(Service(StrategyNames.RoundRobin, new AffinityConfig(null, Cookie), a));
        await using var second = await InProcessProxy.StartAsync(Service(StrategyNames.RoundRobin, new AffinityConfig(null, Cookie), a));

        var one = CookieId(await first.SendOnNewConnectionAsync(RawRequest.Get(Domain, "/")));
        var other = CookieId(await second.SendOnNewConnectionAsync(RawRequest.Get(Domain, "/")));

        Assert.NotNull(one);
        Assert.Equal(one, other);
    }
}
