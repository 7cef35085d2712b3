using System.Collections.Immutable;
using System.Text;
using Paralarva.Actors.Balancing;
using Paralarva.Actors.Balancing.Strategies;
using Paralarva.Actors.Config;
using Paralarva.Actors.Http;
using Paralarva.Actors.Listener;

namespace Paralarva.Tests.Listener;

public sealed class AffinityPolicyTests
{
    private const ulong ClientKey = 0x1234;

    private static ServiceConfig Service(string strategy, AffinityConfig affinity) =>
        new("svc", "svc.local", ImmutableArray.Create(new MemberConfig("127.0.0.1", 9000)), strategy) { Affinity = affinity };

    private static RequestHead Head(string fields)
    {
        var head = new RequestHead();
        Assert.Equal(HeadParseStatus.Complete, RequestHeadParser.Parse(Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\nHost: svc.local\r\n" + fields + "\r\n"), head));
        return head;
    }

    [Fact]
    public void For_NeitherHashNorCookie_Null()
    {
        Assert.Null(AffinityPolicy.For(Service(StrategyNames.RoundRobin, AffinityConfig.None)));
    }

    [Fact]
    public void HashKey_ClientIp_ClientKey()
    {
        var policy = AffinityPolicy.For(Service(StrategyNames.ConsistentHash, AffinityConfig.None))!;

        Assert.Equal(ClientKey, policy.HashKey(Head("X-User: alice\r\n"), ClientKey));
    }

    [Fact]
    public void HashKey_Header_HashOfItsValue_NameCaseInsensitive()
    {
        var policy = AffinityPolicy.For(Service(StrategyNames.ConsistentHash, new AffinityConfig("X-User", null)))!;

        Assert.Equal(AffinityHash.Of("alice"u8), policy.HashKey(Head("x-user: alice\r\n"), ClientKey));
        Assert.NotEqual(policy.HashKey(Head("X-User: alice\r\n"), ClientKey), policy.HashKey(Head("X-User: bob\r\n"), ClientKey));
    }

    [Theory]
    [InlineData("")]
    [InlineData("X-Other: alice\r\n")]
    [InlineData("X-User:\r\n")]
    public void HashKey_HeaderMissingOrEmpty_FallsBackToClientKey(string fields)
    {
        var policy = AffinityPolicy.For(Service(StrategyNames.ConsistentHash, new AffinityConfig("X-User", null)))!;

        Assert.Equal(ClientKey, policy.HashKey(Head(fields), ClientKey));
    }

    [Fact]
    public void HashKey_OtherStrategy_Zero()
    {
        var policy = AffinityPolicy.For(Service(StrategyNames.RoundRobin, new AffinityConfig(null, "pl")))!;

        Assert.Equal(0UL, policy.HashKey(Head(""), ClientKey));
    }

    [Theory]
    [InlineData("Cookie: pl=00000000000000aa\r\n", 0xaaUL)]
    [InlineData("Cookie: a=1\r\ncookie: b=2; pl=00000000000000bb\r\n", 0xbbUL)]
    [InlineData("Cookie: pl=nothex\r\n", 0UL)]
    [InlineData("Cookie: other=00000000000000aa\r\n", 0UL)]
    [InlineData("", 0UL)]
    public void Pin_FromTheAffinityCookie(string fields, ulong expected)
    {
        var policy = AffinityPolicy.For(Service(StrategyNames.RoundRobin, new AffinityConfig(null, "pl")))!;

        Assert.Equal(expected, policy.Pin(Head(fields)));
    }

    [Fact]
    public void SetCookie_OnlyWhenNotAlreadyPinnedToThatMember()
    {
        var policy = AffinityPolicy.For(Service(StrategyNames.RoundRobin, new AffinityConfig(null, "pl")))!;

        Assert.True(policy.SetCookie(memberId: 7, pin: 7).IsNone);
        Assert.False(policy.SetCookie(memberId: 7, pin: 0).IsNone);
        Assert.False(policy.SetCookie(memberId: 7, pin: 8).IsNone);
        Assert.True(AffinityPolicy.For(Service(StrategyNames.ConsistentHash, AffinityConfig.None))!.SetCookie(7, 0).IsNone);
    }

    [Fact]
    public void AffinityIds_StableOpaqueAndPerService()
    {
        var id = AffinityIds.Of("svc", "10.0.0.1:8080");

        Assert.Equal(id, AffinityIds.Of("svc", "10.0.0.1:8080"));
        Assert.NotEqual(id, AffinityIds.Of("svc", "10.0.0.2:8080"));
        Assert.NotEqual(id, AffinityIds.Of("other", "10.0.0.1:8080"));
        Assert.NotEqual(0UL, id);
    }
}
