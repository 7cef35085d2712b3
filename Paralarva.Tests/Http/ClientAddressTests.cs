using System.Net;
using System.Text;
using Paralarva.Actors.Http;

namespace Paralarva.Tests.Http;

/// <summary>Client addresses as X-Forwarded-For and the access log write them.</summary>
public sealed class ClientAddressTests
{
    [Theory]
    [InlineData("::ffff:10.1.2.3", "10.1.2.3")]
    [InlineData("::ffff:127.0.0.1", "127.0.0.1")]
    [InlineData("10.1.2.3", "10.1.2.3")]
    [InlineData("::1", "::1")]
    [InlineData("2001:db8::7", "2001:db8::7")]
    public void Ascii_Ipv4MappedWrittenAsIpv4(string address, string expected)
    {
        Assert.Equal(expected, Encoding.ASCII.GetString(ClientAddress.Ascii(new IPEndPoint(IPAddress.Parse(address), 40000))));
    }
}
