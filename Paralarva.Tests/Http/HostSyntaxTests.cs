using Paralarva.Actors.Http;

namespace Paralarva.Tests.Http;

public sealed class HostSyntaxTests
{
    /// <summary>uri-host [ ":" port ] (RFC 3986 section 3.2.2); expected host length, -1 when invalid.</summary>
    [Theory]
    [InlineData("example.com", 11)]
    [InlineData("example.com:8080", 11)]
    [InlineData("EXAMPLE.com:0", 11)]
    [InlineData("a:65535", 1)]
    [InlineData("10.0.0.1", 8)]
    [InlineData("999.1.1.1", 9)] // not an IPv4address, but a valid reg-name
    [InlineData("a-b_c~d.e!$&'()*+,;=", 20)]
    [InlineData("a%2Fb", 5)]
    [InlineData("", 0)]
    [InlineData("[::]", 4)]
    [InlineData("[::1]:80", 5)]
    [InlineData("[1::]", 5)]
    [InlineData("[1:2:3:4:5:6:7:8]", 17)]
    [InlineData("[1:2:3:4:5:6::8]", 16)]
    [InlineData("[1:2:3:4:5:6:1.2.3.4]", 21)]
    [InlineData("[::ffff:255.255.255.255]", 24)]
    [InlineData("[fe80::abcd:EF01]", 17)]
    [InlineData("a:", 1)] // RFC 3986 section 3.2.3: port = *DIGIT, empty meaning the scheme's default
    [InlineData("a:65536", -1)]
    [InlineData("a:+1", -1)]
    [InlineData("a b", -1)]
    [InlineData("a@b", -1)]
    [InlineData("a%", -1)]
    [InlineData("a%g0", -1)]
    [InlineData("[]", -1)]
    [InlineData("[:]", -1)]
    [InlineData("[:1]", -1)]
    [InlineData("[1:]", -1)]
    [InlineData("[1:2:3:4:5:6:7]", -1)]
    [InlineData("[1:2:3:4:5:6:7:8:9]", -1)]
    [InlineData("[1::2::3]", -1)]
    [InlineData("[12345::]", -1)]
    [InlineData("[::1.2.3]", -1)]
    [InlineData("[::1.2.3.04]", -1)]
    [InlineData("[::256.1.1.1]", -1)]
    [InlineData("[::1.2.3.4:5]", -1)]
    [InlineData("[::1%25eth0]", -1)]
    [InlineData("[v1.x]", -1)]
    [InlineData("[::1]:", 5)]
    [InlineData("[::1]]", -1)]
    [InlineData("::1", -1)]
    public void HostLength_Authority_HostPartOrInvalid(string authority, int expected) =>
        Assert.Equal(expected, HostSyntax.HostLength(HttpBytes.Of(authority)));
}
