using Paralarva.Actors.Config;

namespace Paralarva.Tests.Deployment;

/// <summary>The chart's schema accepts the affinity keys (issue 17 point 3), and its ConfigMap carries them to the proxy.</summary>
public sealed class ChartAffinityTests
{
    private const string Values = """
        config:
          proxy:
            listen: {address: "0.0.0.0", port: 8080}
            services:
              - name: api
                domain: api.example.com
                strategy: consistent_hash
                hash_key: "header:X-User"
                affinity: {cookie: pl_affinity}
                hosts: [{address: "10.0.0.1", port: 80}, {address: "10.0.0.2", port: 80}]
              - name: web
                domain: web.example.com
                strategy: round_robin
                affinity: {cookie: web_pin}
                hosts: [{address: "10.0.1.1", port: 80}]
        """;

    [Fact]
    public async Task ConfigMap_AffinityValues_LoadedByTheProxy()
    {
        var file = Path.Combine(Path.GetTempPath(), "paralarva-values-" + Guid.NewGuid().ToString("N") + ".yaml");
        await File.WriteAllTextAsync(file, Values + "\n");
        try
        {
            var manifests = await HelmTool.RenderAsync([file]);

            var loaded = ConfigLoader.LoadText(manifests.ConfigYaml);

            var config = loaded.Config ?? throw new Xunit.Sdk.XunitException(string.Join("\n", loaded.Errors));
            Assert.Equal(StrategyNames.ConsistentHash, config.Services[0].Strategy);
            Assert.Equal(new AffinityConfig("X-User", "pl_affinity"), config.Services[0].Affinity);
            Assert.Equal(new AffinityConfig(null, "web_pin"), config.Services[1].Affinity);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
