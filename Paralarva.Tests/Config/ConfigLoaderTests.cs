using System.Collections.Immutable;
using Paralarva.Actors.Config;

namespace Paralarva.Tests.Config;

public sealed class ConfigLoaderTests
{
    // Line numbers in the tables below refer to this text (after the edit of each row).
    private const string Base = """
        proxy:
          listen:
            address: "127.0.0.1"
            port: 8080
          services:
            - name: first
              domain: first.example.com
              hosts:
                - address: "10.0.0.1"
                  port: 9090
            - name: second
              domain: second.example.com
              strategy: round_robin
              hosts:
                - address: "10.0.0.2"
                  port: 9091
        """;

    [Fact]
    public void LoadText_OriginalFormat_Loads()
    {
        const string original = """
            proxy:
              listen:
                address: "127.0.0.1"
                port: 8080
              services:
                - name: my-service
                  domain: my-service.my-company.com
                  hosts:
                    - address: "10.0.0.1"
                      port: 9090
            """;

        var result = ConfigLoader.LoadText(original);

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        Assert.Empty(result.Errors);
        Assert.Equal(new ListenConfig("127.0.0.1", 8080), result.Config.Listen);
        var service = Assert.Single(result.Config.Services);
        Assert.Equal("my-service", service.Name);
        Assert.Equal("my-service.my-company.com", service.Domain);
        Assert.Equal(StrategyNames.Default, service.Strategy);
        Assert.Equal(new MemberConfig("10.0.0.1", 9090), Assert.Single(service.Hosts));
        Assert.Equal(LimitsConfig.Default, result.Config.Limits);
    }

    [Fact]
    public void LoadText_OriginalTestConfig_LoadsSingleLabelDomainsAndSeveralMembers()
    {
        const string original = """
            proxy:
              listen:
                address: "127.0.0.1"
                port: 8080
              services:
                - name: test-h1
                  domain: h1
                  hosts:
                    - address: "127.0.0.1"
                      port: 9200
                - name: test-h2
                  domain: h2
                  hosts:
                    - address: "127.0.0.1"
                      port: 9200
                    - address: "127.0.0.2"
                      port: 9200
            """;

        var result = ConfigLoader.LoadText(original);

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        Assert.Equal(["h1", "h2"], result.Config.Services.Select(s => s.Domain));
        Assert.Equal(2, result.Config.Services[1].Hosts.Length);
    }

    [Fact]
    public void LoadText_NewOptionalKeys_AreRead()
    {
        var yaml = Base + """

              limits:
                max_request_head_bytes: 32768
                max_client_connections: 100
                max_connections_per_member: 8
            """;

        var result = ConfigLoader.LoadText(yaml);

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        Assert.Equal(StrategyNames.Default, result.Config.Services[0].Strategy);
        Assert.Equal(StrategyNames.RoundRobin, result.Config.Services[1].Strategy);
        Assert.Equal(new LimitsConfig(32768, 100, 8), result.Config.Limits);
    }

    [Fact]
    public void LoadText_PartialLimits_KeepDefaultsForAbsentKeys()
    {
        var result = ConfigLoader.LoadText(Base + "\n  limits:\n    max_client_connections: 3\n");

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        Assert.Equal(LimitsConfig.Default with { MaxClientConnections = 3 }, result.Config.Limits);
    }

    [Fact]
    public void LoadText_EmptyLimitsSection_MeansDefaults()
    {
        var result = ConfigLoader.LoadText(Base + "\n  limits:\n");

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        Assert.Equal(LimitsConfig.Default, result.Config.Limits);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(65535)]
    public void LoadText_ListenPort_IsRead(int port)
    {
        // Port 0: the system picks a free port when the proxy binds (the "listening on" line reports it).
        var result = ConfigLoader.LoadText(Edit("port: 8080", "port: " + port));

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        Assert.Equal(port, result.Config.Listen.Port);
    }

    [Theory]
    [InlineData("domain: first.example.com", "domain: First.EXAMPLE.com", "first.example.com")]
    [InlineData("domain: first.example.com", "domain: my_service", "my_service")]
    [InlineData("domain: first.example.com", "domain: 192.168.1.10", "192.168.1.10")]
    [InlineData("domain: first.example.com", "domain: \"::1\"", "[::1]")]
    [InlineData("domain: first.example.com", "domain: \"[FE80::0:1]\"", "[fe80::1]")]
    public void LoadText_Domain_IsNormalized(string find, string replace, string expected)
    {
        var result = ConfigLoader.LoadText(Edit(find, replace));

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        Assert.Equal(expected, result.Config.Services[0].Domain);
    }

    [Theory]
    [InlineData("address: \"10.0.0.1\"", "address: \"0:0::1\"", "::1", 9090)]
    [InlineData("address: \"10.0.0.1\"", "address: 10.0.0.1", "10.0.0.1", 9090)]
    [InlineData("port: 9090", "port: \"9090\"", "10.0.0.1", 9090)]
    [InlineData("port: 9090", "port: 65535", "10.0.0.1", 65535)]
    [InlineData("port: 9090", "port: 1", "10.0.0.1", 1)]
    public void LoadText_Member_IsRead(string find, string replace, string address, int port)
    {
        var result = ConfigLoader.LoadText(Edit(find, replace));

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        Assert.Equal(new MemberConfig(address, port), result.Config.Services[0].Hosts[0]);
    }

    public static TheoryData<string, string, string, int, string> SingleErrors => new()
    {
        // Ports.
        { "port: 9091", "port: 70000", "services[1].hosts[0].port", 16, "port 70000 is outside 1-65535" },
        { "port: 9090", "port: 0", "services[0].hosts[0].port", 10, "port 0 is outside 1-65535" },
        { "port: 8080", "port: -1", "listen.port", 4, "port -1 is outside 0-65535" },
        { "port: 8080", "port: 65536", "listen.port", 4, "port 65536 is outside 0-65535" },
        { "port: 8080", "port: \"abc\"", "listen.port", 4, "port must be a whole number, found 'abc'" },
        { "port: 8080", "port: 8.5", "listen.port", 4, "port must be a whole number, found '8.5'" },
        { "port: 8080", "port: 0x1F90", "listen.port", 4, "port must be a whole number" },
        { "port: 8080", "port: 08080", "listen.port", 4, "port must be a whole number" },
        { "port: 8080", "port: 99999999999999999999", "listen.port", 4, "port must be a whole number" },
        { "port: 8080", "port:", "listen.port", 4, "missing value; expected an integer" },
        { "port: 8080", "port: [8080]", "listen.port", 4, "expected an integer, found a list" },

        // Addresses.
        { "address: \"127.0.0.1\"", "address: \"1\"", "listen.address", 3, "'1' is not a valid IP address" },
        { "address: \"127.0.0.1\"", "address: \"127.1\"", "listen.address", 3, "'127.1' is not a valid IP address" },
        { "address: \"127.0.0.1\"", "address: 256.0.0.1", "listen.address", 3, "not a valid IP address" },
        { "address: \"127.0.0.1\"", "address: 127.0.0.01", "listen.address", 3, "not a valid IP address" },
        { "address: \"127.0.0.1\"", "address: 0x7f.0.0.1", "listen.address", 3, "not a valid IP address" },
        { "address: \"127.0.0.1\"", "address: localhost", "listen.address", 3, "not a valid IP address" },
        { "address: \"127.0.0.1\"", "address: \"[::1]\"", "listen.address", 3, "not a valid IP address" },
        { "address: \"127.0.0.1\"", "address: \"::g\"", "listen.address", 3, "not a valid IP address" },
        { "address: \"10.0.0.2\"", "address: {ip: 10.0.0.2}", "services[1].hosts[0].address", 15, "expected an IP address or host name, found a mapping" },

        // Missing keys: reported at the line where the mapping that lacks them starts.
        { "    port: 8080\n", "", "listen.port", 3, "missing required key 'port'" },
        { "    address: \"127.0.0.1\"\n", "", "listen.address", 3, "missing required key 'address'" },
        { "        - address: \"10.0.0.1\"\n          port", "        - port", "services[0].hosts[0].address", 9, "missing required key 'address'" },
        { "    - name: first\n      domain", "    - domain", "services[0].name", 6, "missing required key 'name'" },
        { "      domain: second.example.com\n", "", "services[1].domain", 11, "missing required key 'domain'" },
        { "      hosts:\n        - address: \"10.0.0.1\"\n          port: 9090\n", "", "services[0].hosts", 6, "missing required key 'hosts'" },
        { "  listen:\n    address: \"127.0.0.1\"\n    port: 8080\n", "", "listen", 2, "missing required key 'listen'" },

        // Wrong shapes.
        { "  listen:\n    address: \"127.0.0.1\"\n    port: 8080\n", "  listen: 127.0.0.1:8080\n", "listen", 2, "expected a mapping with address and port, found the value '127.0.0.1:8080'" },
        { "      hosts:\n        - address: \"10.0.0.1\"\n          port: 9090\n", "      hosts: 10.0.0.1\n", "services[0].hosts", 8, "expected a list of hosts, found the value '10.0.0.1'" },
        { "      hosts:\n        - address: \"10.0.0.1\"\n          port: 9090\n", "      hosts:\n        address: \"10.0.0.1\"\n", "services[0].hosts", 9, "expected a list of hosts, found a mapping" },
        { "        - address: \"10.0.0.1\"\n          port: 9090\n", "        - 10.0.0.1:9090\n", "services[0].hosts[0]", 9, "expected a mapping with address and port" },
        { "name: first", "name: [a, b]", "services[0].name", 6, "expected a service name, found a list" },
        { "name: first", "name: \" \"", "services[0].name", 6, "service name must not be blank" },

        // Empty lists.
        { "      hosts:\n        - address: \"10.0.0.1\"\n          port: 9090\n", "      hosts: []\n", "services[0].hosts", 8, "no hosts defined" },
        { "      hosts:\n        - address: \"10.0.0.1\"\n          port: 9090\n", "      hosts:\n", "services[0].hosts", 8, "no hosts defined" },

        // Duplicates.
        { "name: second", "name: first", "services[1].name", 11, "duplicate service name 'first' (already used by services[0])" },
        { "domain: second.example.com", "domain: FIRST.Example.com", "services[1].domain", 12, "duplicate domain 'first.example.com' (already used by services[0])" },
        { "port: 9091", "port: 9091\n        - address: \"10.0.0.2\"\n          port: 9091", "services[1].hosts[1]", 17, "duplicate member 10.0.0.2:9091 (already listed as services[1].hosts[0])" },
        { "port: 9090", "port: 9090\n          port: 9092", "services[0].hosts[0].port", 11, "duplicate key 'port' (first set on line 10)" },
        { "proxy:", "proxy:\n  listen: {address: 127.0.0.1, port: 1}", "listen", 3, "duplicate key 'listen' (first set on line 2)" },
        { "  services:", "  limits: {max_client_connections: 1, max_client_connections: 2}\n  services:", "limits.max_client_connections", 5, "duplicate key 'max_client_connections'" },

        // Domains.
        { "domain: first.example.com", "domain: -first.example.com", "services[0].domain", 7, "starts or ends with a hyphen" },
        { "domain: first.example.com", "domain: first..example.com", "services[0].domain", 7, "empty label" },
        { "domain: first.example.com", "domain: first.example.com.", "services[0].domain", 7, "empty label" },
        { "domain: first.example.com", "domain: \"first example.com\"", "services[0].domain", 7, "' ' is not allowed" },
        { "domain: first.example.com", "domain: 127.1", "services[0].domain", 7, "neither a four-part IPv4 address nor a host name" },
        { "domain: first.example.com", "domain: \"[::g]\"", "services[0].domain", 7, "not a valid host name or IPv6 address" },
        { "domain: first.example.com", "domain: " + new string('a', 64) + ".com", "services[0].domain", 7, "longer than 63 characters" },

        // Strategy.
        { "strategy: round_robin", "strategy: roundrobin", "services[1].strategy", 13, "unknown strategy 'roundrobin'; expected one of: random, round_robin, least_requests, power_of_two_choices" },
        { "strategy: round_robin", "strategy: [random]", "services[1].strategy", 13, "expected a strategy name, found a list" },

        // Unknown keys.
        { "    port: 8080", "    prot: 8080\n    port: 8080", "listen.prot", 4, "unknown key 'prot' (did you mean 'port'?); expected one of: address, port" },
        { "      strategy: round_robin", "      stratgey: round_robin", "services[1].stratgey", 13, "did you mean 'strategy'?" },
        { "proxy:", "timeout: 3\nproxy:", "timeout", 1, "unknown key 'timeout'; expected proxy" },
        { "  listen:", "  weights: {}\n  listen:", "weights", 2, "expected one of: listen, services, limits" },
    };

    [Theory]
    [MemberData(nameof(SingleErrors))]
    public void LoadText_OneProblem_IsTheOnlyErrorWithPathAndLine(string find, string replace, string path, int line, string message)
    {
        var result = ConfigLoader.LoadText(Edit(find, replace));

        Assert.False(result.IsValid);
        Assert.Null(result.Config);
        var error = Assert.Single(result.Errors);
        Assert.Equal(path, error.Path);
        Assert.Equal(line, error.Line);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    public static TheoryData<string, string, int, string> WholeFileErrors => new()
    {
        { "", "proxy", 1, "the file is empty" },
        { "# only a comment\n", "proxy", 1, "the file is empty" },
        { "- proxy\n", "", 1, "expected a mapping with a 'proxy' section at the top of the file, found a list" },
        { "just text\n", "", 1, "found the value 'just text'" },
        { "other: 1\n", "other", 1, "unknown key 'other'" },
        { "proxy:\n", "proxy", 1, "expected a mapping with listen and services, found an empty value" },
        { "proxy: [1]\n", "proxy", 1, "expected a mapping with listen and services, found a list" },
        { "proxy:\n  listen: {address: 127.0.0.1, port: 80}\n  services: []\n", "services", 3, "no services defined" },
        { "proxy:\n  listen: {address: 127.0.0.1, port: 80}\n  services:\n", "services", 3, "no services defined" },
        { "proxy:\n  listen: {address: 127.0.0.1, port: 80}\n  services: web\n", "services", 3, "expected a list of services, found the value 'web'" },
        { "proxy:\n  listen: {address: 127.0.0.1, port: 80}\n  services:\n    - web\n", "services[0]", 4, "expected a service mapping" },
        { "proxy:\n  listen:\n    address: \"127.0.0.1\n", "listen.address", 3, "YAML syntax error at column" },
        { "proxy:\n  listen:\n    address: 127.0.0.1\n   port: 1\n", "proxy", 4, "YAML syntax error at column" },
        { "proxy:\n  listen:\n\taddress: 127.0.0.1\n", "listen", 3, "YAML syntax error" },
        { "proxy:\n  listen: &here {address: 127.0.0.1}\n  services: *nowhere\n", "", 3, "YAML syntax error" },
    };

    [Theory]
    [MemberData(nameof(WholeFileErrors))]
    public void LoadText_BrokenFile_ReportsPathAndLine(string yaml, string path, int line, string message)
    {
        var result = ConfigLoader.LoadText(yaml);

        Assert.False(result.IsValid);
        var error = result.Errors.First(e => e.Message.Contains(message, StringComparison.Ordinal));
        Assert.Equal(path, error.Path);
        Assert.Equal(line, error.Line);
    }

    [Fact]
    public void LoadText_SeveralProblems_AllReportedInFileOrder()
    {
        const string yaml = """
            proxy:
              listen:
                address: "127.1"
                prot: 8080
              services:
                - name: web
                  domain: web.example.com
                  strategy: fastest
                  hosts:
                    - address: "10.0.0.1"
                      port: 70000
                - name: web
                  domain: WEB.example.com
                  hosts: []
              limits:
                max_request_head_bytes: 10
                max_client_connections: 0
            """;

        var result = ConfigLoader.LoadText(yaml);

        Assert.False(result.IsValid);
        Assert.Equal(
            [
                ("listen.address", 3),
                ("listen.port", 3),
                ("listen.prot", 4),
                ("services[0].strategy", 8),
                ("services[0].hosts[0].port", 11),
                ("services[1].name", 12),
                ("services[1].domain", 13),
                ("services[1].hosts", 14),
                ("limits.max_request_head_bytes", 16),
                ("limits.max_client_connections", 17),
            ],
            result.Errors.Select(e => (e.Path, e.Line)));
    }

    [Fact]
    public void LoadText_DuplicateKeyAndOtherErrors_AreReportedTogether()
    {
        var result = ConfigLoader.LoadText(Edit("port: 9090", "port: 9090\n          port: 9092").Replace("port: 9091", "port: 0", StringComparison.Ordinal));

        Assert.Equal(
            [("services[0].hosts[0].port", 11), ("services[1].hosts[0].port", 17)],
            result.Errors.Select(e => (e.Path, e.Line)));
    }

    [Fact]
    public void LoadText_DuplicateBlockKey_IsSkippedWholeAndLaterPathsStayRight()
    {
        const string yaml = """
            proxy:
              listen: {address: 127.0.0.1, port: 8080}
              services:
                - name: a
                  domain: a.example.com
                  hosts: [{address: 10.0.0.1, port: 1}]
              services:
                - name: b
                  hosts: [{address: nonsense}]
              limits: {max_client_connections: 0}
            """;

        var result = ConfigLoader.LoadText(yaml);

        Assert.Equal(
            [("services", 7), ("limits.max_client_connections", 10)],
            result.Errors.Select(e => (e.Path, e.Line)));
    }

    [Fact]
    public void LoadText_ComplexKey_IsReported()
    {
        var result = ConfigLoader.LoadText(Edit("    port: 8080", "    port: 8080\n    ? [a, b]\n    : 1"));

        var error = Assert.Single(result.Errors);
        Assert.Equal(("listen", 5), (error.Path, error.Line));
        Assert.Equal("keys must be plain names, found a list", error.Message);
    }

    [Fact]
    public void LoadText_ExtraDocument_IsReported()
    {
        var result = ConfigLoader.LoadText(Base + "\n---\nproxy: {}\n");

        var error = Assert.Single(result.Errors);
        Assert.Equal(18, error.Line);
        Assert.Contains("extra YAML document", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("max_request_head_bytes: 1023", "max_request_head_bytes 1023 is outside 1024-1048576")]
    [InlineData("max_request_head_bytes: 1048577", "max_request_head_bytes 1048577 is outside 1024-1048576")]
    [InlineData("max_client_connections: 0", "max_client_connections 0 is below the minimum of 1")]
    [InlineData("max_connections_per_member: -5", "max_connections_per_member -5 is below the minimum of 1")]
    [InlineData("max_connections_per_member: many", "max_connections_per_member must be a whole number, found 'many'")]
    [InlineData("max_conections_per_member: 5", "unknown key 'max_conections_per_member' (did you mean 'max_connections_per_member'?)")]
    public void LoadText_BadLimit_IsReportedAtItsLine(string line, string message)
    {
        var result = ConfigLoader.LoadText(Base + "\n  limits:\n    " + line + "\n");

        var error = Assert.Single(result.Errors);
        Assert.Equal("limits." + line[..line.IndexOf(':', StringComparison.Ordinal)], error.Path);
        Assert.Equal(18, error.Line);
        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadText_LimitsNotAMapping_IsReported()
    {
        var error = Assert.Single(ConfigLoader.LoadText(Base + "\n  limits: 5\n").Errors);

        Assert.Equal(("limits", 17), (error.Path, error.Line));
        Assert.Equal("expected a mapping of limits, found the value '5'", error.Message);
    }

    [Fact]
    public void ConfigError_ToString_ReadsLikeTheIssue()
    {
        Assert.Equal(
            "line 7: services[1].hosts[0].port: port 70000 is outside 1-65535",
            new ConfigError("services[1].hosts[0].port", 7, "port 70000 is outside 1-65535").ToString());
        Assert.Equal("configuration file 'x' not found", new ConfigError("", 0, "configuration file 'x' not found").ToString());
    }

    [Fact]
    public void LoadFile_MissingFile_IsOneErrorNamingTheFile()
    {
        var path = Path.Combine(Path.GetTempPath(), "paralarva-" + Guid.NewGuid().ToString("N"), "missing.yaml");

        var result = ConfigLoader.LoadFile(path);

        Assert.False(result.IsValid);
        var error = Assert.Single(result.Errors);
        Assert.Equal(0, error.Line);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadFile_Directory_IsOneErrorNamingIt()
    {
        var result = ConfigLoader.LoadFile(Path.GetTempPath());

        var error = Assert.Single(result.Errors);
        Assert.Equal(0, error.Line);
        Assert.Contains(Path.GetTempPath(), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadFile_ExistingFile_Loads()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, Base);

            Assert.True(ConfigLoader.LoadFile(path).IsValid);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void LoadFile_RepositoryDefaultConfig_IsValid()
    {
        var result = ConfigLoader.LoadFile(Path.Combine(RepositoryRoot(), "config.yaml"));

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        Assert.Equal(new ListenConfig("127.0.0.1", 8080), result.Config.Listen);
        Assert.Equal(["demo.localhost", "random.localhost"], result.Config.Services.Select(s => s.Domain));
        Assert.Equal(StrategyNames.RoundRobin, result.Config.Services[0].Strategy);
        Assert.Equal(StrategyNames.Random, result.Config.Services[1].Strategy);
        Assert.Equal(
            [9001, 9002, 9003, 9004],
            result.Config.Services.SelectMany(s => s.Hosts).Select(m => m.Port));
    }

    [Fact]
    public void ConfigLoadResult_Failure_RequiresAnError()
    {
        Assert.Throws<ArgumentException>(() => ConfigLoadResult.Failure(ImmutableArray<ConfigError>.Empty));
    }

    private static string Edit(string find, string replace)
    {
        var at = Base.IndexOf(find, StringComparison.Ordinal);
        Assert.True(at >= 0 && Base.IndexOf(find, at + 1, StringComparison.Ordinal) < 0, "'" + find + "' must occur once in the base text");
        return Base[..at] + replace + Base[(at + find.Length)..];
    }

    internal static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Paralarva.sln")))
                return dir.FullName;
        }

        throw new InvalidOperationException("Paralarva.sln not found above " + AppContext.BaseDirectory);
    }
}
