namespace Paralarva.Tests.Deployment;

/// <summary>values.schema.json rejects malformed values: helm lint and helm template both fail, naming the value.</summary>
public sealed class ChartSchemaTests
{
    [Theory]
    [InlineData("replicas: 2", "additional properties 'replicas' not allowed")]
    [InlineData("replicaCount: two", "/replicaCount")]
    [InlineData("image: {repository: ''}", "/image/repository")]
    [InlineData("image: {pullPolicy: Sometimes}", "/image/pullPolicy")]
    [InlineData("config: {proxy: null}", "missing property 'proxy'")]
    [InlineData("config: {proxy: {services: null}}", "missing property 'services'")]
    [InlineData("config: {proxy: {listen: {address: 127.0.0.1, port: 8080}, services: []}}", "/config/proxy/services")]
    [InlineData("config: {proxy: {listen: {address: 127.0.0.1, port: 70000}, services: [{name: a, domain: a.test, hosts: [{address: 10.0.0.1, port: 80}]}]}}", "/config/proxy/listen/port")]
    [InlineData("config: {proxy: {listen: {address: 127.0.0.1, port: \"8080\"}, services: [{name: a, domain: a.test, hosts: [{address: 10.0.0.1, port: 80}]}]}}", "/config/proxy/listen/port")]
    [InlineData("config: {proxy: {listen: {address: 127.0.0.1, port: 8080}, services: [{name: a, domain: a.test, hosts: []}]}}", "/config/proxy/services/0/hosts")]
    [InlineData("config: {proxy: {listen: {address: 127.0.0.1, port: 8080}, services: [{name: a, hosts: [{address: 10.0.0.1, port: 80}]}]}}", "/config/proxy/services/0")]
    [InlineData("config: {proxy: {listen: {address: 127.0.0.1, port: 8080}, services: [{name: a, domain: a.test, hash_key: client_ip, hosts: [{address: 10.0.0.1, port: 80}]}]}}", "/config/proxy/services/0")]
    [InlineData("config: {proxy: {listen: {address: 127.0.0.1, port: 8080}, services: [{name: a, domain: a.test, strategy: consistent_hash, hash_key: 'header:', hosts: [{address: 10.0.0.1, port: 80}]}]}}", "/config/proxy/services/0/hash_key")]
    [InlineData("config: {proxy: {listen: {address: 127.0.0.1, port: 8080}, services: [{name: a, domain: a.test, affinity: {cookie: __Host-pin}, hosts: [{address: 10.0.0.1, port: 80}]}]}}", "/config/proxy/services/0/affinity/cookie")]
    [InlineData("monitoring: {port: 0}", "/monitoring/port")]
    [InlineData("service: {type: Ingress}", "/service/type")]
    [InlineData("service: {type: NodePort, nodePort: 8080}", "/service/nodePort")]
    [InlineData("monitoringService: {nodePort: 40000}", "/monitoringService/nodePort")]
    [InlineData("flags: {logLevel: verbose}", "/flags/logLevel")]
    [InlineData("flags: {logFormat: xml}", "/flags/logFormat")]
    [InlineData("flags: {timeout: 0}", "/flags/timeout")]
    [InlineData("hotReload: {enabled: maybe}", "/hotReload/enabled")]
    [InlineData("hotReload: {enable: true}", "/hotReload")]
    [InlineData("terminationGracePeriodSeconds: 0", "/terminationGracePeriodSeconds")]
    [InlineData("terminationGracePeriodSeconds: soon", "/terminationGracePeriodSeconds")]
    [InlineData("image: {digest: latest}", "/image/digest")]
    [InlineData("prometheusRule: {enable: true}", "/prometheusRule")]
    [InlineData("networkPolicy: {enabled: true, ingress: []}", "/networkPolicy")]
    [InlineData("extraVolumeMounts: [{name: data}]", "/extraVolumeMounts/0")]
    [InlineData("podDisruptionBudget: {enabled: true, minAvailable: half}", "/podDisruptionBudget/minAvailable")]
    [InlineData("autoscaling: {enabled: yes please}", "/autoscaling/enabled")]
    [InlineData("serviceMonitor: {enabled: true, interval: often}", "/serviceMonitor/interval")]
    public async Task Schema_MalformedValues_LintAndTemplateFail(string values, string expectedLocation)
    {
        var file = Path.Combine(Path.GetTempPath(), "paralarva-values-" + Guid.NewGuid().ToString("N") + ".yaml");
        await File.WriteAllTextAsync(file, values + "\n");
        try
        {
            var template = await HelmTool.TemplateAsync([file]);
            var lint = await HelmTool.LintAsync([file]);

            Assert.False(template.Succeeded, "helm template accepted:\n" + values);
            Assert.Contains("schema", template.StandardError);
            Assert.Contains(expectedLocation, template.StandardError);
            Assert.False(lint.Succeeded, "helm lint --strict accepted:\n" + values);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
