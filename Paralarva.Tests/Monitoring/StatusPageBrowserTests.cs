using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Paralarva.Actors.Config;
using Paralarva.Tests.Common;
using Paralarva.Tests.EndToEnd;

namespace Paralarva.Tests.Monitoring;

/// <summary>
/// The <c>/status</c> page of a running proxy, in a real headless chromium: every member of the running
/// configuration is on it with its health, and a screenshot renders; <c>/status.json</c> says the same.
/// </summary>
public sealed class StatusPageBrowserTests
{
    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task StatusPage_RunningConfig_EveryMemberWithItsHealthInTheBrowser()
    {
        await using var first = new TestOrigin("first");
        await using var second = new TestOrigin("second");
        // A bound socket that does not listen: its health checks fail (connection refused).
        using var closed = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        closed.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var deadPort = ((IPEndPoint)closed.LocalEndPoint!).Port;
        var yaml = string.Join('\n',
            "proxy:",
            "  listen: {address: 127.0.0.1, port: 8080}",
            "  services:",
            "    - name: shop",
            "      domain: shop.example",
            "      health_check: {path: /health, interval: 200ms, timeout: 100ms, healthy_threshold: 1, unhealthy_threshold: 1}",
            "      hosts:",
            "        - {address: 127.0.0.1, port: " + Port(first) + "}",
            "        - {address: 127.0.0.1, port: " + Port(second) + "}",
            "        - {address: 127.0.0.1, port: " + deadPort.ToString(CultureInfo.InvariantCulture) + "}",
            "    - name: <b>search</b>",
            "      domain: search.example",
            "      hosts:",
            "        - {address: 127.0.0.1, port: " + Port(first) + "}",
            string.Empty);
        var loaded = ConfigLoader.LoadBytes(System.Text.Encoding.UTF8.GetBytes(yaml));
        var config = loaded.Config ?? throw new Xunit.Sdk.XunitException(string.Join("\n", loaded.Errors));
        Assert.NotNull(config.SourceHash);
        await using var proxy = await InProcessProxy.StartAsync(config with { Listen = new ListenConfig("127.0.0.1", 0) });
        // One exchange leaves a pooled connection to a member of search.
        Assert.Equal(200, (await proxy.SendOnNewConnectionAsync(RawRequest.Get("search.example", "/"))).StatusCode);
        using var http = new HttpClient { BaseAddress = new Uri("http://127.0.0.1:" + proxy.MonitoringPort) };

        var live = new[] { "127.0.0.1:" + Port(first), "127.0.0.1:" + Port(second) };
        var dead = "127.0.0.1:" + deadPort.ToString(CultureInfo.InvariantCulture);
        await Poll.AssertAsync(async () =>
        {
            using var json = JsonDocument.Parse(await http.GetStringAsync("/status.json"));
            var root = json.RootElement;
            Assert.Equal(config.SourceHash, root.GetProperty("config_hash").GetString());
            Assert.NotEqual(JsonValueKind.Null, root.GetProperty("config_applied_at").ValueKind);
            var services = root.GetProperty("services").EnumerateArray().ToDictionary(s => s.GetProperty("name").GetString()!);
            Assert.Equal(["<b>search</b>", "shop"], services.Keys.Order(StringComparer.Ordinal));
            var shop = services["shop"].GetProperty("members").EnumerateArray().ToDictionary(m => m.GetProperty("member").GetString()!);
            Assert.Equal(new[] { live[0], live[1], dead }.Order(StringComparer.Ordinal), shop.Keys.Order(StringComparer.Ordinal));
            Assert.Equal("down", shop[dead].GetProperty("state").GetString());
            Assert.Equal("connection_failed", shop[dead].GetProperty("last_check").GetString());
            foreach (var member in live)
                Assert.Equal("up", shop[member].GetProperty("state").GetString());
            Assert.Equal(2, services["shop"].GetProperty("available_members").GetInt32());
            var search = Assert.Single(services["<b>search</b>"].GetProperty("members").EnumerateArray());
            Assert.Equal(1, search.GetProperty("connections_idle").GetInt32());
            Assert.Equal(1, search.GetProperty("connections_open").GetInt64());
        }, WaitLimit);

        var url = "http://127.0.0.1:" + proxy.MonitoringPort + "/status";
        var dom = await HeadlessChromium.DumpDomAsync(url);

        Assert.Contains("<title>Paralarva status</title>", dom, StringComparison.Ordinal);
        Assert.Contains(config.SourceHash!, dom, StringComparison.Ordinal);
        foreach (var member in live)
            Assert.Contains("<tr class=\"member up\" data-member=\"" + member + "\">", dom, StringComparison.Ordinal);
        Assert.Contains("<tr class=\"member down\" data-member=\"" + dead + "\">", dom, StringComparison.Ordinal);
        Assert.Contains("2 of 3 members up", dom, StringComparison.Ordinal);
        // A service name is text, never markup.
        Assert.Contains("&lt;b&gt;search&lt;/b&gt;", dom, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>search</b>", dom, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", dom, StringComparison.OrdinalIgnoreCase);

        var screenshot = Path.Combine(Path.GetTempPath(), "paralarva-status-" + Guid.NewGuid().ToString("N") + ".png");
        try
        {
            await HeadlessChromium.ScreenshotAsync(url, screenshot, 1100, 700);
            var png = await File.ReadAllBytesAsync(screenshot);
            Assert.True(png.AsSpan(0, 8).SequenceEqual(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }), "not a PNG");
            // IHDR: width and height, big-endian, at bytes 16 and 20.
            Assert.Equal(1100, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)));
            Assert.Equal(700, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)));
            Assert.True(png.Length > 10_000, "a blank page compresses to almost nothing; this one is " + png.Length + " bytes");
        }
        finally
        {
            File.Delete(screenshot);
        }
    }

    private static string Port(TestOrigin origin) => origin.Port.ToString(CultureInfo.InvariantCulture);
}
