using YamlDotNet.RepresentationModel;

namespace Paralarva.Tests.Deployment;

/// <summary>Kubernetes' equality-based label selection (<c>matchLabels</c>).</summary>
internal static class LabelSelector
{
    /// <summary>Whether every label of <paramref name="selector"/> is in <paramref name="labels"/> with the same value.</summary>
    public static bool Matches(YamlMappingNode selector, YamlMappingNode labels) =>
        selector.Children.All(pair =>
            YamlTree.Find(labels, ((YamlScalarNode)pair.Key).Value!) is YamlScalarNode value
            && value.Value == ((YamlScalarNode)pair.Value).Value);
}
