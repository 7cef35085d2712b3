using System.Collections.Immutable;
using System.Net;
using Paralarva.Actors.Admission;
using Paralarva.Actors.Config;

namespace Paralarva.Tests.Admission;

/// <summary>One service's checks in order (access lists, connections, rate) and the policies a reload builds.</summary>
public sealed class ServiceAdmissionTests
{
    private const long Second = 1000;

    private static ImmutableArray<CidrBlock> Blocks(params string[] entries)
    {
        var blocks = ImmutableArray.CreateBuilder<CidrBlock>();
        foreach (var entry in entries)
        {
            Assert.Null(CidrSyntax.Check(entry, out var block));
            blocks.Add(block);
        }

        return blocks.ToImmutable();
    }

    private static UInt128 Key(string address) => ClientKey.Of(new IPEndPoint(IPAddress.Parse(address), 1));

    private static ServiceConfig Service(string name, ClientPolicyConfig policy) =>
        new(name, name + ".test", [new MemberConfig("127.0.0.1", 9)], StrategyNames.RoundRobin) { ClientPolicy = policy };

    [Theory]
    [InlineData("10.1.2.3", true)]
    [InlineData("10.9.2.3", false)]
    [InlineData("11.0.0.1", false)]
    public void AccessLists_DenyWins_NonEmptyAllowAdmitsOnlyItsAddresses(string client, bool admitted)
    {
        var admission = new ServiceAdmission(
            new ClientPolicyConfig { Allow = Blocks("10.0.0.0/8"), Deny = Blocks("10.9.0.0/16") }, null, new ConcurrencyTable());

        Assert.Equal(admitted ? AdmissionVerdict.Admitted : AdmissionVerdict.Denied, admission.Admit(Key(client), 0, out _, out var held));
        Assert.Null(held);
    }

    [Fact]
    public void ConnectionLimit_HeldUntilReleased_RetryAfterOne()
    {
        var connections = new ConcurrencyTable();
        var admission = new ServiceAdmission(new ClientPolicyConfig { MaxConnectionsPerClient = 1 }, null, connections);
        var client = Key("127.0.0.2");

        Assert.Equal(AdmissionVerdict.Admitted, admission.Admit(client, 0, out _, out var held));
        Assert.Same(connections, held);
        Assert.Equal(AdmissionVerdict.TooManyConnections, admission.Admit(client, 0, out var retryAfter, out var refusedHeld));
        Assert.Equal(1, retryAfter);
        Assert.Null(refusedHeld);
        Assert.Equal(AdmissionVerdict.Admitted, admission.Admit(Key("127.0.0.3"), 0, out _, out _));

        held!.Release(client);
        Assert.Equal(AdmissionVerdict.Admitted, admission.Admit(client, 0, out _, out _));
    }

    [Fact]
    public void RateLimited_ReleasesTheConnectionSlotItTook()
    {
        var connections = new ConcurrencyTable();
        var rate = new RateLimitConfig(1, 1);
        var admission = new ServiceAdmission(
            new ClientPolicyConfig { RateLimit = rate, MaxConnectionsPerClient = 5 }, new TokenBucketTable(rate, Second), connections);
        var client = Key("127.0.0.2");

        Assert.Equal(AdmissionVerdict.Admitted, admission.Admit(client, 0, out _, out _));
        Assert.Equal(AdmissionVerdict.RateLimited, admission.Admit(client, 0, out var retryAfter, out var held));

        Assert.Equal(1, retryAfter);
        Assert.Null(held);
        Assert.Equal(1, connections.InProgress(client));
    }

    [Fact]
    public void Policies_NothingToCheck_NoAdmission()
    {
        var policies = new AdmissionPolicies(Second);

        policies.Update([Service("a", ClientPolicyConfig.None)], ClientPolicyConfig.None);

        Assert.Null(policies.For("a"));
    }

    [Fact]
    public void Policies_GlobalDefaultsApplied_ServiceOverrides()
    {
        var policies = new AdmissionPolicies(Second);
        var global = new ClientPolicyConfig { RateLimit = new RateLimitConfig(5, 5), Deny = Blocks("10.9.0.0/16") };

        policies.Update([Service("a", ClientPolicyConfig.None), Service("b", new ClientPolicyConfig { RateLimit = RateLimitConfig.Off })], global);

        Assert.Equal(new RateLimitConfig(5, 5), policies.For("a")!.Buckets!.Config);
        Assert.Null(policies.For("b")!.Buckets);
        Assert.Equal(AdmissionVerdict.Denied, policies.For("b")!.Admit(Key("10.9.0.1"), 0, out _, out _));
    }

    [Fact]
    public void Policies_Reload_KeepsBucketsWhenTheRateIsUnchanged_AndConnectionCountsAlways()
    {
        var policies = new AdmissionPolicies(Second);
        var rate = new ClientPolicyConfig { RateLimit = new RateLimitConfig(1, 1), MaxConnectionsPerClient = 2 };
        policies.Update([Service("a", rate)], ClientPolicyConfig.None);
        var first = policies.For("a")!;
        Assert.Equal(AdmissionVerdict.Admitted, first.Admit(Key("127.0.0.2"), 0, out _, out _));

        policies.Update([Service("a", rate with { Allow = Blocks("127.0.0.0/8") })], ClientPolicyConfig.None);
        var sameRate = policies.For("a")!;
        policies.Update([Service("a", rate with { RateLimit = new RateLimitConfig(2, 2) })], ClientPolicyConfig.None);
        var newRate = policies.For("a")!;

        Assert.NotSame(first, sameRate);
        Assert.Same(first.Buckets, sameRate.Buckets);
        Assert.Equal(AdmissionVerdict.RateLimited, sameRate.Admit(Key("127.0.0.2"), 0, out _, out _));
        Assert.NotSame(first.Buckets, newRate.Buckets);
        Assert.Same(first.Connections, newRate.Connections);
        Assert.Equal(1, newRate.Connections.InProgress(Key("127.0.0.2")));
    }

    [Fact]
    public void Policies_ServiceRemoved_StateForgotten()
    {
        var policies = new AdmissionPolicies(Second);
        var policy = new ClientPolicyConfig { MaxConnectionsPerClient = 1 };
        policies.Update([Service("a", policy)], ClientPolicyConfig.None);
        var before = policies.For("a")!.Connections;

        policies.Update([], ClientPolicyConfig.None);
        Assert.Null(policies.For("a"));
        policies.Update([Service("a", policy)], ClientPolicyConfig.None);

        Assert.NotSame(before, policies.For("a")!.Connections);
    }

    [Fact]
    public void Admit_EveryCheckOn_AllocatesNothingOnceTheTablesHaveGrown()
    {
        var rate = new RateLimitConfig(1000, 1000);
        var admission = new ServiceAdmission(
            new ClientPolicyConfig { RateLimit = rate, MaxConnectionsPerClient = 4, Allow = Blocks("127.0.0.0/8"), Deny = Blocks("127.0.9.0/24") },
            new TokenBucketTable(rate, Second), new ConcurrencyTable());
        var clients = new UInt128[8];
        for (var i = 0; i < clients.Length; i++)
            clients[i] = Key("127.0.0." + (i + 1));
        for (var i = 0; i < 100; i++)
            Release(admission.Admit(clients[i % clients.Length], i, out _, out var held), held, clients[i % clients.Length]);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var admitted = 0;
        for (var i = 0; i < 10_000; i++)
        {
            var client = clients[i % clients.Length];
            var verdict = admission.Admit(client, 100 + i, out _, out var held);
            admitted += verdict == AdmissionVerdict.Admitted ? 1 : 0;
            Release(verdict, held, client);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.True(admitted > 0);
    }

    private static void Release(AdmissionVerdict verdict, ConcurrencyTable? held, UInt128 client)
    {
        if (verdict == AdmissionVerdict.Admitted)
            held?.Release(client);
    }
}
