using System.Collections.Immutable;
using YamlDotNet.RepresentationModel;

namespace Paralarva.Actors.Config;

/// <summary>Reads a service's <c>hosts</c> list: at least one member, no member listed twice.</summary>
internal static class MemberListReader
{
    private const string WeightKey = "weight";
    private static readonly string[] Keys = ["address", "port", WeightKey];

    public static ImmutableArray<MemberConfig>? Read(YamlNode? node, string path, ConfigErrors errors)
    {
        if (node is null)
            return null;
        if (YamlNodes.IsNull(node) || node is YamlSequenceNode { Children.Count: 0 })
        {
            errors.Add(path, node, "no hosts defined; a service needs at least one member");
            return null;
        }

        var sequence = YamlNodes.AsSequence(node, path, errors, "a list of hosts");
        if (sequence is null)
            return null;

        // A member listed twice would get two actors with the same name (member-{address}-{port}).
        var pathByEndpoint = new Dictionary<(string, int), string>();
        var members = ImmutableArray.CreateBuilder<MemberConfig>(sequence.Children.Count);
        var complete = true;
        for (var i = 0; i < sequence.Children.Count; i++)
        {
            var itemPath = ConfigPath.Item(path, i);
            var endpoint = EndpointReader.Read(sequence.Children[i], itemPath, errors, Keys, out var reader, allowHostName: true);
            var weight = ReadWeight(reader, errors);
            if (endpoint is not { } member || weight is null)
            {
                complete = false;
                continue;
            }

            if (!pathByEndpoint.TryAdd(member, itemPath))
            {
                errors.Add(itemPath, sequence.Children[i],
                    "duplicate member " + EndpointReader.Format(member.Address, member.Port) + " (already listed as " + pathByEndpoint[member] + ")");
                complete = false;
                continue;
            }

            members.Add(new MemberConfig(member.Address, member.Port) { Weight = weight.Value });
        }

        return complete ? members.MoveToImmutable() : null;
    }

    /// <summary>hosts[i].weight: a relative share of the traffic, 1 by default.</summary>
    private static int? ReadWeight(MappingReader? reader, ConfigErrors errors)
    {
        var node = reader?.Optional(WeightKey);
        return node is null ? 1 : IntegerReader.Read(node, reader!.PathOf(WeightKey), errors, WeightKey, 1, 10_000);
    }
}
