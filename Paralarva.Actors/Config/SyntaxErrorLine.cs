using YamlDotNet.Core;

namespace Paralarva.Actors.Config;

/// <summary>Finds the line of a YAML syntax error, including the ones YamlDotNet reports without one.</summary>
internal static class SyntaxErrorLine
{
    /// <summary>The line and column (both 1-based; column 0 when unknown) of a YAML syntax error.</summary>
    public static (int Line, int Column) Find(YamlException error, string yaml, DuplicateKeyFilter filter)
    {
        if (!error.Start.Equals(Mark.Empty))
            return (ConfigErrors.ToLine(error.Start), ToColumn(error.Start));

        // YamlDotNet throws these two without a position (Mark.Empty, which reads as line 1).
        if (error is AnchorNotFoundException && filter.UndefinedAliasStart is { } alias)
            return (ConfigErrors.ToLine(alias), ToColumn(alias));

        // "Invalid tab as indentation": the culprit is the first tab-indented line after the last
        // event the parser produced; failing that, the line where parsing stopped is the best guess.
        var parsedUpTo = ConfigErrors.ToLine(filter.LastEventEnd);
        return FirstTabIndentedLine(yaml, parsedUpTo) is { } tabbed ? (tabbed, 1) : Near(filter);
    }

    /// <summary>For an error without a position: where the last event the parser produced ends.</summary>
    public static (int Line, int Column) Near(DuplicateKeyFilter filter) =>
        (ConfigErrors.ToLine(filter.LastEventEnd), ToColumn(filter.LastEventEnd));

    /// <summary>
    /// "YAML syntax error at column 15: ..." without YamlDotNet's "(Line: 7, Col: 15, Idx: 120) - (...): " prefix,
    /// since the line is reported on its own.
    /// </summary>
    public static string Describe(int column, Exception error)
    {
        var message = error.Message;
        if (error is YamlException && message.StartsWith("(Line:", StringComparison.Ordinal))
        {
            var end = message.IndexOf("): ", StringComparison.Ordinal);
            if (end > 0)
                message = message[(end + 3)..];
        }

        if (error is not YamlException)
            message = "the parser stopped here; look for an unclosed '[', '{' or quote on or before this line (" + message.TrimEnd('.') + ")";
        var at = column > 0 ? " at column " + column : string.Empty;
        return "YAML syntax error" + at + ": " + message;
    }

    private static int ToColumn(Mark mark) => mark.Column > int.MaxValue ? int.MaxValue : (int)mark.Column;

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
