using Paralarva.Actors.Config;

namespace Paralarva.Tests.Deployment;

/// <summary>The chart's schema for <c>paths</c>, <c>strip_path_prefix</c>, <c>request_headers</c> and <c>response_headers</c> mirrors the proxy's validator.</summary>
public sealed class ChartRouteSchemaTests
{
    private const string Values = """
        config:
          proxy:
            listen: {address: 127.0.0.1, port: 8080}
            services:
              - name: api
                domain: shop.example.com
                paths: ["/api", "/v2/api"]
                strip_path_prefix: true
                request_headers: {set: {X-Env: prod, X-Num: 5}, append: {Via-Zone: a}, remove: [X-Debug]}
                response_headers: {set: {X-Frame-Options: DENY, X-Empty: ""}, remove: [Server]}
                hosts:
                  - {address: 10.0.0.1, port: 9000}
              - name: web
                domain: shop.example.com
                hosts:
                  - {address: 10.0.0.2, port: 9000}
        """;

    [Fact]
    public async Task Schema_RoutesAndRules_HelmAndTheProxyAccept()
    {
        var file = await WriteValuesAsync(Values);
        try
        {
            var manifests = await HelmTool.RenderAsync([file]);

            var loaded = ConfigLoader.LoadText(manifests.ConfigYaml);
            Assert.True(loaded.IsValid, string.Join("\n", loaded.Errors));
            Assert.Equal(["/api", "/v2/api"], loaded.Config.Services[0].Paths.Prefixes.ToArray());
            Assert.Equal("5", loaded.Config.Services[0].RequestHeaders.Set[1].Value);
            Assert.True((await HelmTool.LintAsync([file])).Succeeded);
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>Text in <see cref="Values"/>, the same made invalid (the proxy refuses it too), where (or what) helm reports.</summary>
    public static TheoryData<string, string, string> BadValues => new()
    {
        { "\"/api\", \"/v2/api\"", "\"api\"", "/config/proxy/services/0/paths/0" },
        { "\"/api\", \"/v2/api\"", "\"/api/\"", "/config/proxy/services/0/paths/0" },
        { "\"/api\", \"/v2/api\"", "\"/api?x\"", "/config/proxy/services/0/paths/0" },
        { "\"/api\", \"/v2/api\"", "\"/api\", \"/api\"", "/config/proxy/services/0/paths" },
        { "paths: [\"/api\", \"/v2/api\"]", "paths: []", "/config/proxy/services/0/paths" },
        { "strip_path_prefix: true", "strip_path_prefix: sometimes", "/config/proxy/services/0/strip_path_prefix" },
        // A field name is checked with propertyNames, which helm reports by the name rather than its location.
        { "X-Env: prod", "Content-Length: \"1\"", "invalid propertyName 'Content-Length'" },
        { "X-Env: prod", "\"X Env\": prod", "invalid propertyName 'X Env'" },
        { "X-Env: prod", "X-Env: \"a\\r\\nX-Injected: 1\"", "/config/proxy/services/0/request_headers/set/X-Env" },
        { "X-Env: prod", "X-Env: \" padded\"", "/config/proxy/services/0/request_headers/set/X-Env" },
        { "remove: [X-Debug]", "remove: [host]", "/config/proxy/services/0/request_headers/remove/0" },
        { "remove: [Server]", "remove: [Transfer-Encoding]", "/config/proxy/services/0/response_headers/remove/0" },
        { "remove: [Server]", "replace: [Server]", "/config/proxy/services/0/response_headers" },
    };

    [Theory]
    [MemberData(nameof(BadValues))]
    public async Task Schema_ValueTheProxyRefuses_HelmRefuses(string correct, string bad, string location)
    {
        Assert.Contains(correct, Values, StringComparison.Ordinal);
        var yaml = Values.Replace(correct, bad, StringComparison.Ordinal);
        var proxyConfig = yaml[yaml.IndexOf("  proxy:", StringComparison.Ordinal)..].Replace("\n  ", "\n", StringComparison.Ordinal).TrimStart();
        Assert.False(ConfigLoader.LoadText(proxyConfig).IsValid, "the proxy accepts " + bad);

        var file = await WriteValuesAsync(yaml);
        try
        {
            var result = await HelmTool.TemplateAsync([file]);

            Assert.False(result.Succeeded, "helm accepted " + bad);
            Assert.Contains(location, result.StandardError, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static async Task<string> WriteValuesAsync(string values)
    {
        var file = Path.Combine(Path.GetTempPath(), "paralarva-values-" + Guid.NewGuid().ToString("N") + ".yaml");
        await File.WriteAllTextAsync(file, values + "\n");
        return file;
    }
}
