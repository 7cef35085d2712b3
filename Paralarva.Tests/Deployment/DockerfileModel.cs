using System.Text.RegularExpressions;

namespace Paralarva.Tests.Deployment;

/// <summary>
/// A Dockerfile read as the builder reads it, for what the tests check: comment lines dropped,
/// backslash continuations joined, stages split at <c>FROM</c>, <c>${ARG}</c> defaults substituted in
/// <c>FROM</c> (global arguments) and in a stage's instructions (its own and global arguments).
/// </summary>
internal sealed partial class DockerfileModel
{
    private DockerfileModel(IReadOnlyDictionary<string, string> globalArguments, IReadOnlyList<DockerStage> stages)
    {
        GlobalArguments = globalArguments;
        Stages = stages;
    }

    public IReadOnlyDictionary<string, string> GlobalArguments { get; }

    public IReadOnlyList<DockerStage> Stages { get; }

    public DockerStage Final => Stages[^1];

    public DockerStage Stage(string name) => Stages.Single(s => s.Name == name);

    public static DockerfileModel Parse(string text)
    {
        var globals = new Dictionary<string, string>();
        var stages = new List<DockerStage>();
        string? image = null, name = null;
        var instructions = new List<DockerInstruction>();
        var stageArguments = new Dictionary<string, string>();

        foreach (var (keyword, arguments, line) in LogicalLines(text))
        {
            if (keyword == "FROM")
            {
                if (image is not null)
                    stages.Add(new DockerStage(image, name, instructions));
                var words = arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries)
                    .Where(w => !w.StartsWith("--", StringComparison.Ordinal)).ToArray();
                image = Substitute(words[0], globals);
                name = words.Length >= 3 && words[1].Equals("AS", StringComparison.OrdinalIgnoreCase) ? words[2] : null;
                instructions = [];
                stageArguments = new Dictionary<string, string>(globals);
                continue;
            }

            if (keyword == "ARG")
            {
                var (argName, value) = SplitArgument(arguments);
                var target = image is null ? globals : stageArguments;
                // An ARG without a default inside a stage brings the global one in scope.
                target[argName] = value ?? (globals.TryGetValue(argName, out var global) ? global : "");
                if (image is null)
                    continue;
            }

            if (image is null)
                throw new FormatException("line " + line + ": " + keyword + " before the first FROM");
            instructions.Add(new DockerInstruction(keyword, Substitute(arguments, stageArguments), line));
        }

        if (image is null)
            throw new FormatException("no FROM instruction");
        stages.Add(new DockerStage(image, name, instructions));
        return new DockerfileModel(globals, stages);
    }

    private static IEnumerable<(string Keyword, string Arguments, int Line)> LogicalLines(string text)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var trimmed = lines[i].Trim();
            if (trimmed.Length == 0 || trimmed.StartsWith('#'))
                continue;
            var start = i + 1;
            var joined = trimmed;
            while (joined.EndsWith('\\') && i + 1 < lines.Length)
            {
                var next = lines[++i].Trim();
                if (next.StartsWith('#'))
                    continue;
                joined = joined[..^1].TrimEnd() + " " + next;
            }

            var space = joined.IndexOfAny([' ', '\t']);
            yield return space < 0
                ? (joined.ToUpperInvariant(), "", start)
                : (joined[..space].ToUpperInvariant(), joined[(space + 1)..].Trim(), start);
        }
    }

    private static (string Name, string? Value) SplitArgument(string arguments)
    {
        var equals = arguments.IndexOf('=', StringComparison.Ordinal);
        return equals < 0 ? (arguments.Trim(), null) : (arguments[..equals].Trim(), arguments[(equals + 1)..].Trim());
    }

    private static string Substitute(string text, IReadOnlyDictionary<string, string> arguments) =>
        VariablePattern().Replace(text, m =>
        {
            var variable = m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value;
            return arguments.TryGetValue(variable, out var value) ? value : m.Value;
        });

    [GeneratedRegex(@"\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)")]
    private static partial Regex VariablePattern();
}
