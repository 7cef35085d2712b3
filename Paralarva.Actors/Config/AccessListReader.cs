using System.Collections.Immutable;

namespace Paralarva.Actors.Config;

/// <summary>Reads an <c>allow</c> or <c>deny</c> list of addresses and CIDR blocks (<see cref="CidrSyntax"/>).</summary>
internal static class AccessListReader
{
    public const string AllowKey = "allow";
    public const string DenyKey = "deny";

    /// <summary>Null when absent (inherit); <paramref name="valid"/> false on a problem, every entry checked.</summary>
    public static ImmutableArray<CidrBlock>? Read(MappingReader parent, string key, ConfigErrors errors, out bool valid)
    {
        valid = true;
        var node = parent.Optional(key);
        if (node is null || YamlNodes.IsNull(node))
            return null;

        var path = parent.PathOf(key);
        var sequence = YamlNodes.AsSequence(node, path, errors, "a list of addresses or CIDR blocks such as [\"10.0.0.0/8\"]");
        if (sequence is null)
        {
            valid = false;
            return null;
        }

        var blocks = ImmutableArray.CreateBuilder<CidrBlock>(sequence.Children.Count);
        for (var i = 0; i < sequence.Children.Count; i++)
        {
            var item = sequence.Children[i];
            var itemPath = ConfigPath.Item(path, i);
            var text = YamlNodes.AsText(item, itemPath, errors, "an address or CIDR block such as 10.0.0.0/8");
            if (text is null)
            {
                valid = false;
                continue;
            }

            var problem = CidrSyntax.Check(text.Trim(), out var block);
            if (problem is not null)
            {
                errors.Add(itemPath, item, problem);
                valid = false;
                continue;
            }

            blocks.Add(block);
        }

        return valid ? blocks.ToImmutable() : null;
    }
}
