using System.Collections.Immutable;
using System.Net;
using Paralarva.Actors.Admission;
using Paralarva.Actors.Config;

namespace Paralarva.Tests.Admission;

/// <summary>Compiled allow/deny lists matched on 128-bit client keys: IPv4, IPv6, IPv4-mapped IPv6 and the edges of a block.</summary>
public sealed class AddressListTests
{
    private static AddressList List(params string[] entries)
    {
        var blocks = ImmutableArray.CreateBuilder<CidrBlock>();
        foreach (var entry in entries)
        {
            Assert.Null(CidrSyntax.Check(entry, out var block));
            blocks.Add(block);
        }

        return new AddressList(blocks.ToImmutable());
    }

    private static UInt128 Key(string address) => ClientKey.Of(new IPEndPoint(IPAddress.Parse(address), 1234));

    [Theory]
    [InlineData("10.0.0.0/8", "10.0.0.0", true)]
    [InlineData("10.0.0.0/8", "10.255.255.255", true)]
    [InlineData("10.0.0.0/8", "9.255.255.255", false)]
    [InlineData("10.0.0.0/8", "11.0.0.0", false)]
    [InlineData("192.168.1.7", "192.168.1.7", true)]
    [InlineData("192.168.1.7", "192.168.1.8", false)]
    [InlineData("127.0.0.2/31", "127.0.0.3", true)]
    [InlineData("127.0.0.2/31", "127.0.0.4", false)]
    [InlineData("0.0.0.0/0", "203.0.113.9", true)]
    [InlineData("0.0.0.0/0", "2001:db8::1", false)]
    [InlineData("10.0.0.0/8", "::ffff:10.1.2.3", true)]
    [InlineData("10.0.0.0/8", "::ffff:11.1.2.3", false)]
    [InlineData("10.0.0.0/8", "::a01:203", false)]
    [InlineData("::ffff:10.0.0.0/104", "10.200.0.1", true)]
    [InlineData("2001:db8::/32", "2001:db8:ffff:ffff:ffff:ffff:ffff:ffff", true)]
    [InlineData("2001:db8::/32", "2001:db9::", false)]
    [InlineData("2001:db8::/32", "2001:db7:ffff:ffff:ffff:ffff:ffff:ffff", false)]
    [InlineData("2001:db8:0:1::/64", "2001:db8:0:1:ffff::1", true)]
    [InlineData("2001:db8:0:1::/65", "2001:db8:0:1:8000::1", false)]
    [InlineData("::1", "::1", true)]
    [InlineData("::1/128", "::2", false)]
    [InlineData("::/0", "10.0.0.1", true)]
    [InlineData("::/0", "2001:db8::1", true)]
    public void Contains_MatchesTheBlockOnly(string entry, string client, bool expected)
    {
        Assert.Equal(expected, List(entry).Contains(Key(client)));
    }

    [Fact]
    public void Contains_AnyEntryOfSeveral()
    {
        var list = List("10.0.0.0/8", "::1", "192.168.0.0/16");

        Assert.True(list.Contains(Key("192.168.44.1")));
        Assert.True(list.Contains(Key("::1")));
        Assert.False(list.Contains(Key("127.0.0.1")));
        Assert.False(List().Contains(Key("10.0.0.1")));
    }

    [Fact]
    public void Contains_AllocatesNothing()
    {
        var list = List("10.0.0.0/8", "2001:db8::/32", "::1");
        var key = Key("2001:db8::5");
        Assert.True(list.Contains(key));

        var before = GC.GetAllocatedBytesForCurrentThread();
        var hits = 0;
        for (var i = 0; i < 1000; i++)
            hits += list.Contains(key) ? 1 : 0;

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(1000, hits);
    }

    [Fact]
    public void ClientKey_DualModeMappedAndPlainIPv4_SameKey()
    {
        Assert.Equal(Key("127.0.0.5"), Key("::ffff:127.0.0.5"));
        Assert.NotEqual(Key("127.0.0.5"), Key("127.0.0.6"));
    }
}
