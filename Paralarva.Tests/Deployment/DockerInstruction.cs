using System.Text.Json;

namespace Paralarva.Tests.Deployment;

/// <summary>One Dockerfile instruction, continuation lines joined: its keyword (upper case), arguments and first line.</summary>
internal sealed record DockerInstruction(string Keyword, string Arguments, int Line)
{
    /// <summary>The arguments as words: a JSON array (exec form) or split on whitespace (shell form).</summary>
    public IReadOnlyList<string> Words =>
        Arguments.StartsWith('[')
            ? JsonSerializer.Deserialize<string[]>(Arguments) ?? []
            : Arguments.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);

    /// <summary>The words that are not <c>--flag</c> or <c>--flag=value</c> options.</summary>
    public IReadOnlyList<string> Operands => Words.Where(w => !w.StartsWith("--", StringComparison.Ordinal)).ToList();

    /// <summary>The value of <c>--<paramref name="flag"/>=value</c>, if given.</summary>
    public string? Flag(string flag) =>
        Words.FirstOrDefault(w => w.StartsWith("--" + flag + "=", StringComparison.Ordinal))?[(flag.Length + 3)..];
}
