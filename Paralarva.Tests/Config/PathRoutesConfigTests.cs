using Paralarva.Actors.Config;

namespace Paralarva.Tests.Config;

/// <summary><c>paths</c> and <c>strip_path_prefix</c>, and the rules across the services of one domain.</summary>
public sealed class PathRoutesConfigTests
{
    /// <summary>Two services on one domain: <c>api</c> by its paths (line 8), <c>web</c> the rest (domain on line 14).</summary>
    private const string SharedDomain = """
        proxy:
          listen:
            address: "127.0.0.1"
            port: 8080
          services:
            - name: api
              domain: shop.example.com
              paths: ["/api", "/v2/api"]
              strip_path_prefix: true
              hosts:
                - address: "10.0.0.1"
                  port: 9090
            - name: web
              domain: shop.example.com
              hosts:
                - address: "10.0.0.2"
                  port: 9090
        """;

    private static string Edit(string find, string replace)
    {
        Assert.Contains(find, SharedDomain, StringComparison.Ordinal);
        return SharedDomain.Replace(find, replace, StringComparison.Ordinal);
    }

    [Fact]
    public void SharedDomain_PathsAndRest_Read()
    {
        var result = ConfigLoader.LoadText(SharedDomain);

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        var api = result.Config.Services[0];
        Assert.Equal(["/api", "/v2/api"], api.Paths.Prefixes.ToArray());
        Assert.True(api.StripPathPrefix);
        Assert.True(result.Config.Services[1].Paths.IsNone);
        Assert.False(result.Config.Services[1].StripPathPrefix);
    }

    [Fact]
    public void Defaults_NoPathsNoStrip()
    {
        var service = ConfigLoader.LoadText(ConfigTexts.MinimalWithService).Config!.Services[0];

        Assert.True(service.Paths.IsNone);
        Assert.False(service.StripPathPrefix);
    }

    [Fact]
    public void SharedDomain_DifferentCase_OneDomain()
    {
        var result = ConfigLoader.LoadText(Edit("name: web\n      domain: shop.example.com", "name: web\n      domain: SHOP.Example.com"));

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
    }

    [Fact]
    public void SharedDomain_EveryServiceWithPaths_Valid()
    {
        var result = ConfigLoader.LoadText(Edit("name: web\n      domain: shop.example.com", "name: web\n      domain: shop.example.com\n      paths: [/]"));

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        Assert.Equal(["/"], result.Config.Services[1].Paths.Prefixes.ToArray());
    }

    public static TheoryData<string, string, string, int, string> SingleErrors => new()
    {
        { "[\"/api\", \"/v2/api\"]", "[\"api\"]", "services[0].paths[0]", 8, "path prefix 'api' must start with '/'" },
        { "[\"/api\", \"/v2/api\"]", "[\"/api?x=1\"]", "services[0].paths[0]", 8, "must not hold '?'" },
        { "[\"/api\", \"/v2/api\"]", "[\"/api#top\"]", "services[0].paths[0]", 8, "must not hold '#'" },
        { "[\"/api\", \"/v2/api\"]", "[\"/api/\"]", "services[0].paths[0]", 8, "must not end with '/'" },
        { "[\"/api\", \"/v2/api\"]", "[\"/a/../b\"]", "services[0].paths[0]", 8, "'.' or '..' segments" },
        { "[\"/api\", \"/v2/api\"]", "[\"/a b\"]", "services[0].paths[0]", 8, "only visible ASCII" },
        { "[\"/api\", \"/v2/api\"]", "[\"/caf\u00e9\"]", "services[0].paths[0]", 8, "only visible ASCII" },
        { "[\"/api\", \"/v2/api\"]", "[\"/api\", \"/v2/api\", \"/api\"]", "services[0].paths[2]", 8, "duplicate path '/api' (already services[0].paths[0])" },
        { "[\"/api\", \"/v2/api\"]", "[]", "services[0].paths", 8, "no path prefixes" },
        { "[\"/api\", \"/v2/api\"]", "/api", "services[0].paths", 8, "expected a list of path prefixes" },
        { "[\"/api\", \"/v2/api\"]", "[[\"/api\"]]", "services[0].paths[0]", 8, "expected a path prefix such as /api, found a list" },
        { "strip_path_prefix: true", "strip_path_prefix: yes", "services[0].strip_path_prefix", 9, "'yes' is not a boolean" },
        { "strip_path_prefix: true", "strip_path_prefix: [true]", "services[0].strip_path_prefix", 9, "expected true or false" },
        // Strip without paths.
        { "name: web\n      domain: shop.example.com", "name: web\n      strip_path_prefix: true\n      domain: shop.example.com", "services[1].strip_path_prefix", 14, "strip_path_prefix needs paths" },
        // Across services: the later service is reported.
        { "name: web\n      domain: shop.example.com", "name: web\n      domain: shop.example.com\n      paths: [/v2/api]", "services[1].paths[0]", 15, "path '/v2/api' of domain 'shop.example.com' is already routed by services[0].paths[1]" },
        { "      paths: [\"/api\", \"/v2/api\"]\n      strip_path_prefix: true\n", "", "services[1].domain", 12, "duplicate domain 'shop.example.com' (already used by services[0])" },
        { "[\"/api\", \"/v2/api\"]", "[\"/\"]", "services[1].domain", 14, "already sends every path to services[0].paths[0] (path '/')" },
        { "paths: [\"/api\", \"/v2/api\"]", "paths: [\"/paths\"]\n      stratgey: random", "services[0].stratgey", 9, "unknown key 'stratgey'" },
    };

    [Theory]
    [MemberData(nameof(SingleErrors))]
    public void Load_OneProblem_ReportedWithPathAndLine(string find, string replace, string path, int line, string message)
    {
        var result = ConfigLoader.LoadText(Edit(find, replace));

        Assert.False(result.IsValid);
        var error = Assert.Single(result.Errors);
        Assert.Equal(path, error.Path);
        Assert.Equal(line, error.Line);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_RootPathAfterServiceWithoutPaths_ReportedAtThePath()
    {
        var yaml = Edit("      paths: [\"/api\", \"/v2/api\"]\n      strip_path_prefix: true\n", "")
            .Replace("name: web\n      domain: shop.example.com", "name: web\n      domain: shop.example.com\n      paths: [/]", StringComparison.Ordinal);

        var error = Assert.Single(ConfigLoader.LoadText(yaml).Errors);

        Assert.Equal("services[1].paths[0]", error.Path);
        Assert.Equal(13, error.Line);
        Assert.Contains("path '/' takes every path of domain 'shop.example.com', as services[0]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ProblemsInSeveralServices_AllReportedAtOnce()
    {
        var yaml = Edit("[\"/api\", \"/v2/api\"]", "[\"api\", \"/x/\"]")
            .Replace("name: web\n      domain: shop.example.com", "name: web\n      domain: shop.example.com\n      paths: [/v2/api, \"/v2/api\"]", StringComparison.Ordinal);

        var errors = ConfigLoader.LoadText(yaml).Errors;

        Assert.Equal(
            ["line 8: services[0].paths[0]", "line 8: services[0].paths[1]", "line 15: services[1].paths[1]"],
            errors.Select(static e => "line " + e.Line + ": " + e.Path).ToArray());
    }

    [Fact]
    public void Readme_PathRoutesExample_Loads()
    {
        // README "Path routes and header rules" shows every key under services: the example must stay loadable.
        var readme = File.ReadAllText(Path.Combine(ConfigLoaderTests.RepositoryRoot(), "README.md"));
        var section = readme[readme.IndexOf("### Path routes and header rules", StringComparison.Ordinal)..];
        var start = section.IndexOf("```yaml\n", StringComparison.Ordinal) + "```yaml\n".Length;
        var yaml = "proxy:\n  listen: { address: \"127.0.0.1\", port: 8080 }\n" + section[start..section.IndexOf("```", start, StringComparison.Ordinal)];

        var result = ConfigLoader.LoadText(yaml);

        Assert.True(result.IsValid, string.Join("; ", result.Errors));
        Assert.Equal(["/api", "/v2/api"], result.Config.Services[0].Paths.Prefixes.ToArray());
        Assert.Equal(["Server"], result.Config.Services[0].ResponseHeaders.Remove.ToArray());
    }
}
