using YamlDotNet.RepresentationModel;

namespace Paralarva.Tests.Deployment;

/// <summary>The objects <c>helm template</c> printed, parsed with YamlDotNet, found by kind.</summary>
internal sealed class RenderedManifests
{
    private RenderedManifests(IReadOnlyList<YamlMappingNode> objects) => Objects = objects;

    public IReadOnlyList<YamlMappingNode> Objects { get; }

    public static RenderedManifests Parse(string yaml)
    {
        var stream = new YamlStream();
        using (var reader = new StringReader(yaml))
            stream.Load(reader);

        var objects = new List<YamlMappingNode>();
        foreach (var document in stream.Documents)
        {
            // A template that renders nothing leaves an empty document.
            if (document.RootNode is YamlMappingNode mapping)
                objects.Add(mapping);
        }

        return new RenderedManifests(objects);
    }

    public IEnumerable<YamlMappingNode> OfKind(string kind) =>
        Objects.Where(o => YamlTree.Text(o, "kind") == kind);

    public bool Has(string kind) => OfKind(kind).Any();

    /// <summary>The only object of <paramref name="kind"/> (fails otherwise).</summary>
    public YamlMappingNode Single(string kind)
    {
        var found = OfKind(kind).ToList();
        Assert.True(found.Count == 1, "expected one " + kind + ", found " + found.Count);
        return found[0];
    }

    /// <summary>The Service labelled <c>app.kubernetes.io/component: <paramref name="component"/></c>.</summary>
    public YamlMappingNode Service(string component) =>
        Assert.Single(OfKind("Service"), s => YamlTree.Text(s, "metadata", "labels", "app.kubernetes.io/component") == component);

    public YamlMappingNode Deployment => Single("Deployment");

    /// <summary>The proxy's container in the Deployment's pod template.</summary>
    public YamlMappingNode Container =>
        (YamlMappingNode)Assert.Single(YamlTree.Sequence(Deployment, "spec", "template", "spec", "containers"));

    /// <summary>The proxy configuration held by the ConfigMap (its <c>config.yaml</c> key), as text.</summary>
    public string ConfigYaml => YamlTree.Text(Single("ConfigMap"), "data", "config.yaml");

    /// <summary>The container's ports by name.</summary>
    public IReadOnlyDictionary<string, int> ContainerPorts =>
        YamlTree.Sequence(Container, "ports").ToDictionary(p => YamlTree.Text(p, "name"), p => YamlTree.Int(p, "containerPort"));

    /// <summary>The container's arguments (the image's entrypoint runs them after <c>--listen-all-addr</c>).</summary>
    public IReadOnlyList<string> ContainerArgs => YamlTree.Sequence(Container, "args").Select(a => ((YamlScalarNode)a).Value ?? "").ToList();
}
