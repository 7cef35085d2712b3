using System.Text.Json;
using Akka.TestKit.Xunit2;
using Paralarva.Actors.Config;
using Paralarva.Host.Cli;
using Paralarva.Host.Hosting;
using Paralarva.Tests.Common;

namespace Paralarva.Tests.Metrics;

/// <summary>The access log end to end: the real host writing to a file while serving real requests.</summary>
public sealed class AccessLogFileTests : TestKit
{
    [Fact]
    public async Task Proxy_AccessLogFile_OneLinePerRequestWithItsOutcome()
    {
        var path = Path.Combine(Path.GetTempPath(), "paralarva-access-" + Guid.NewGuid().ToString("N") + ".log");
        await using var origin = new TestOrigin("a");
        var config = new ProxyConfig(
            new ListenConfig("127.0.0.1", 0),
            [new ServiceConfig("svc", "svc.test", [new MemberConfig("127.0.0.1", origin.Port)], StrategyNames.Random)],
            LimitsConfig.Default) { AccessLog = AccessLogConfig.File(path) };
        var options = HostOptions.Default with { PrometheusPort = 0, LogLevel = "warn" };

        try
        {
            await using (var proxy = await ParalarvaHost.StartAsync(options, config, CancellationToken.None))
            {
                await using (var client = await RawHttpClient.ConnectAsync(proxy.ProxyEndPoint.Port))
                    Assert.Equal(200, (await client.SendAndReadAsync(RawRequest.Get("svc.test", "/hello"))).StatusCode);
                await using (var client = await RawHttpClient.ConnectAsync(proxy.ProxyEndPoint.Port))
                    Assert.Equal(400, (await client.SendAndReadAsync(RawRequest.Get("elsewhere.test"))).StatusCode);

                await AwaitAssertAsync(() => Assert.Equal(2, ReadLines(path).Length), TimeSpan.FromSeconds(10));
            }

            var lines = ReadLines(path);
            using var served = JsonDocument.Parse(lines[0]);
            Assert.Equal("/hello", served.RootElement.GetProperty("target").GetString());
            Assert.Equal("svc", served.RootElement.GetProperty("service").GetString());
            Assert.Equal("127.0.0.1:" + origin.Port, served.RootElement.GetProperty("member").GetString());
            Assert.Equal(200, served.RootElement.GetProperty("status").GetInt32());
            Assert.Equal("127.0.0.1", served.RootElement.GetProperty("client").GetString());
            using var rejected = JsonDocument.Parse(lines[1]);
            Assert.Equal(400, rejected.RootElement.GetProperty("status").GetInt32());
            Assert.Equal("", rejected.RootElement.GetProperty("service").GetString());
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static string[] ReadLines(string path)
    {
        using var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }
}
