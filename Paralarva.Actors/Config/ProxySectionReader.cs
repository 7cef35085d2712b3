using YamlDotNet.RepresentationModel;

namespace Paralarva.Actors.Config;

/// <summary>Reads the document: exactly one YAML document whose top level holds the <c>proxy:</c> section.</summary>
internal static class ProxySectionReader
{
    private static readonly string[] TopLevelKeys = [ConfigPath.ProxySection];
    private static readonly string[] ProxyKeys = ["listen", "services", "limits", "timeouts", "access_log", "metrics", "shutdown", ViaReader.Key, .. ClientPolicyReader.Keys];

    /// <summary>The configuration, or null when <paramref name="errors"/> has at least one problem.</summary>
    public static ProxyConfig? Read(YamlStream stream, ConfigErrors errors)
    {
        if (stream.Documents.Count == 0)
        {
            errors.Add(ConfigPath.ProxySection, 1, "the file is empty; expected a 'proxy' section");
            return null;
        }

        for (var i = 1; i < stream.Documents.Count; i++)
        {
            errors.Add(ConfigPath.Root, stream.Documents[i].RootNode,
                "unexpected extra YAML document (after '---'); the configuration is one document");
        }

        var root = stream.Documents[0].RootNode;
        if (root is not YamlMappingNode rootMapping)
        {
            errors.Add(ConfigPath.Root, root,
                "expected a mapping with a 'proxy' section at the top of the file, found " + YamlNodes.Describe(root));
            return null;
        }

        var top = new MappingReader(rootMapping, ConfigPath.Root, errors, TopLevelKeys);
        var proxyNode = top.Required(ConfigPath.ProxySection);
        if (proxyNode is null)
            return null;
        var proxyMapping = YamlNodes.AsMapping(proxyNode, ConfigPath.ProxySection, errors, "a mapping with listen and services");
        if (proxyMapping is null)
            return null;

        var proxy = new MappingReader(proxyMapping, ConfigPath.ProxySection, errors, ProxyKeys);
        var listen = EndpointReader.Read(proxy.Required("listen"), proxy.PathOf("listen"), errors);
        var services = ServiceListReader.Read(proxy.Required("services"), proxy.PathOf("services"), errors);
        var limits = LimitsSectionReader.Read(proxy.Optional("limits"), proxy.PathOf("limits"), errors);
        var timeouts = TimeoutsSectionReader.Read(proxy.Optional("timeouts"), proxy.PathOf("timeouts"), errors);
        var accessLog = AccessLogReader.Read(proxy.Optional("access_log"), proxy.PathOf("access_log"), errors);
        var metrics = MetricsSwitchReader.Read(proxy.Optional("metrics"), proxy.PathOf("metrics"), errors);
        var shutdown = ShutdownSectionReader.Read(proxy.Optional("shutdown"), proxy.PathOf("shutdown"), errors);
        var via = ViaReader.Read(proxy.Optional(ViaReader.Key), proxy.PathOf(ViaReader.Key), errors);
        var clientPolicy = ClientPolicyReader.Read(proxy, errors);

        // Each reader returns null for its own problems, but an unknown key elsewhere leaves every
        // part whole: the error count, not the parts, decides.
        if (errors.Count > 0 || listen is null || services is null || limits is null || timeouts is null || accessLog is null
            || metrics is null || shutdown is null || via is null || clientPolicy is null)
            return null;
        return new ProxyConfig(new ListenConfig(listen.Value.Address, listen.Value.Port), services.Value, limits)
        {
            AccessLog = accessLog,
            MetricsEnabled = metrics.Value,
            Timeouts = timeouts,
            Shutdown = shutdown,
            ViaPseudonym = via,
            ClientPolicy = clientPolicy,
        };
    }
}
