using YamlDotNet.Core;

namespace Paralarva.Actors.Config;

/// <summary>Finds the line of a YAML syntax error, including the ones YamlDotNet reports without one.</summary>
internal static class SyntaxErrorLine
{
    public static int Find(YamlException error, string yaml, DuplicateKeyFilter filter)
    {
        if (!error.Start.Equals(Mark.Empty))
            return ConfigErrors.ToLine(error.Start);

        // YamlDotNet throws these two without a position (Mark.Empty, which reads as line 1).
        if (error is AnchorNotFoundException && filter.UndefinedAliasStart is { } alias)
            return ConfigErrors.ToLine(alias);

        // "Invalid tab as indentation": the culprit is the first tab-indented line after the last
        // event the parser produced; failing that, the line where parsing stopped is the best guess.
        var parsedUpTo = ConfigErrors.ToLine(filter.LastEventEnd);
        return FirstTabIndentedLine(yaml, parsedUpTo) ?? parsedUpTo;
    }

    private static int? FirstTabIndentedLine(string yaml, int fromLine)
    {
        var lines = yaml.Split('\n');
        for (var i = Math.Max(fromLine - 1, 0); i < lines.Length; i++)
        {
            var line = lines[i];
            var indentation = line.Length - line.TrimStart(' ', '\t').Length;
            if (line.AsSpan(0, indentation).Contains('\t'))
                return i + 1;
        }

        return null;
    }
}
