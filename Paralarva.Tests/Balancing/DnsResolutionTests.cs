using System.Net;
using System.Net.Sockets;
using Paralarva.Actors.Balancing;

namespace Paralarva.Tests.Balancing;

public sealed class DnsResolutionTests
{
    [Fact]
    public async Task Resolve_Answer_DeduplicatedIPv4FirstInAStableOrder()
    {
        HostResolver resolver = (_, _) => Task.FromResult(new[]
        {
            IPAddress.IPv6Loopback, IPAddress.Parse("127.0.0.3"), IPAddress.Parse("127.0.0.1"), IPAddress.Parse("127.0.0.3"),
        });

        var resolved = await DnsResolution.ResolveAsync(resolver, "api.test");

        Assert.Null(resolved.Error);
        Assert.Equal(["127.0.0.1", "127.0.0.3", "::1"], resolved.Addresses.Select(a => a.ToString()));
    }

    [Fact]
    public async Task Resolve_Failure_IsAMessageNotAnException()
    {
        HostResolver resolver = (_, _) => Task.FromException<IPAddress[]>(new SocketException((int)SocketError.HostNotFound));

        var resolved = await DnsResolution.ResolveAsync(resolver, "missing.test");

        Assert.Equal("missing.test", resolved.HostName);
        Assert.Empty(resolved.Addresses);
        Assert.NotNull(resolved.Error);
    }

    [Fact]
    public async Task Resolve_EmptyAnswer_IsAFailure()
    {
        HostResolver resolver = (_, _) => Task.FromResult(Array.Empty<IPAddress>());

        Assert.Equal("no IPv4 or IPv6 address", (await DnsResolution.ResolveAsync(resolver, "empty.test")).Error);
    }
}
