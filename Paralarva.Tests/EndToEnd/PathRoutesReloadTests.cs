using Paralarva.Actors.Metrics;
using Paralarva.Tests.Common;

namespace Paralarva.Tests.EndToEnd;

/// <summary>A reload that changes path routes or header rules applies to the next request of a connection kept alive across it.</summary>
public sealed class PathRoutesReloadTests : IDisposable
{
    private const string Domain = "shop.test";

    private readonly TempDirectory _directory = new("paralarva-routes-");
    /// <summary>Port 0 in every file: the proxy binds a free port itself (<see cref="WatchedProxy.Port"/>), and an unchanged 0 is no listen change.</summary>
    private const int ListenPort = 0;

    private string ConfigFile => _directory.PathOf("config.yaml");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Rewrite_PathsAndRulesChanged_KeptAliveConnectionRoutesItsNextRequestsWithTheNewTable()
    {
        await using var web = new TestOrigin("web");
        await using var api = new TestOrigin("api");
        await File.WriteAllTextAsync(ConfigFile, Yaml(web.Port));
        await using var proxy = await WatchedProxy.StartAsync(ConfigFile);
        await using var client = await proxy.ConnectAsync();
        Assert.Equal(web.DefaultBody, (await client.SendAndReadAsync(RawRequest.Get(Domain, "/api/x"))).BodyText);

        // api takes /api (stripped) with a request rule; web keeps the rest.
        var reloaded = proxy.NextReload();
        await ReplaceAsync(Yaml(web.Port) + Api(api.Port, "[/api]", "X-Env: one"));
        Assert.Equal(ReloadResults.Success, (await reloaded).Result);

        Assert.Equal(api.DefaultBody, (await client.SendAndReadAsync(RawRequest.Get(Domain, "/api/x"))).BodyText);
        Assert.Equal(web.DefaultBody, (await client.SendAndReadAsync(RawRequest.Get(Domain, "/other"))).BodyText);
        var first = Assert.Single(await api.WaitForRequestsAsync(1));
        Assert.Equal("/x", first.Target);
        Assert.Equal("one", first.Header("X-Env"));

        // The same service, its prefix and its rule changed: /api goes back to web, /v2 to api.
        reloaded = proxy.NextReload();
        await ReplaceAsync(Yaml(web.Port) + Api(api.Port, "[/v2]", "X-Env: two"));
        var report = await reloaded;
        Assert.Equal(ReloadResults.Success, report.Result);
        Assert.Contains("service api changed", report.Details);

        Assert.Equal(web.DefaultBody, (await client.SendAndReadAsync(RawRequest.Get(Domain, "/api/x"))).BodyText);
        Assert.Equal(api.DefaultBody, (await client.SendAndReadAsync(RawRequest.Get(Domain, "/v2/y"))).BodyText);
        var seen = await api.WaitForRequestsAsync(2);
        Assert.Equal("/y", seen[1].Target);
        Assert.Equal("two", seen[1].Header("X-Env"));
        Assert.Equal(["/api/x", "/other", "/api/x"], (await web.WaitForRequestsAsync(3)).Select(static r => r.Target));
        // One client connection throughout, and the members' pooled connections were kept.
        Assert.False(client.SawEndOfStream);
        Assert.Equal(0, web.ConnectionsClosed);
    }

    private string Yaml(int webPort) =>
        "proxy:\n  listen: { address: \"127.0.0.1\", port: " + ListenPort + " }\n  services:\n"
        + "    - name: web\n      domain: " + Domain + "\n      hosts:\n        - { address: \"127.0.0.1\", port: " + webPort + " }\n";

    private static string Api(int port, string paths, string setField) =>
        "    - name: api\n      domain: " + Domain + "\n      paths: " + paths + "\n      strip_path_prefix: true\n"
        + "      request_headers: { set: { " + setField + " } }\n"
        + "      hosts:\n        - { address: \"127.0.0.1\", port: " + port + " }\n";

    private async Task ReplaceAsync(string yaml)
    {
        var temporary = ConfigFile + ".tmp";
        await File.WriteAllTextAsync(temporary, yaml);
        File.Move(temporary, ConfigFile, overwrite: true);
    }
}
