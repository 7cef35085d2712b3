using System.Text;
using System.Text.RegularExpressions;

namespace Paralarva.Tests.Deployment;

/// <summary>
/// The patterns of a <c>.dockerignore</c>, matched as the builder does: relative to the context root,
/// <c>*</c> and <c>?</c> within one path segment, <c>**</c> across segments, <c>!</c> re-including, the
/// last matching pattern deciding, and a path excluded with any folder above it.
/// </summary>
internal sealed class DockerIgnore
{
    private readonly IReadOnlyList<(Regex Pattern, bool Exclude)> _rules;

    private DockerIgnore(IReadOnlyList<(Regex, bool)> rules) => _rules = rules;

    public static DockerIgnore Parse(string text)
    {
        var rules = new List<(Regex, bool)>();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
                continue;
            var exclude = !line.StartsWith('!');
            var pattern = line.TrimStart('!').Trim().Trim('/');
            rules.Add((new Regex("^" + ToRegex(pattern) + "$", RegexOptions.CultureInvariant), exclude));
        }

        return new DockerIgnore(rules);
    }

    /// <summary>Whether <paramref name="relativePath"/> (forward slashes) is left out of the build context.</summary>
    public bool IsIgnored(string relativePath)
    {
        var segments = relativePath.Trim('/').Split('/');
        for (var length = 1; length <= segments.Length; length++)
        {
            if (Decide(string.Join('/', segments[..length])))
                return true;
        }

        return false;
    }

    private bool Decide(string path)
    {
        var ignored = false;
        foreach (var (pattern, exclude) in _rules)
        {
            if (pattern.IsMatch(path))
                ignored = exclude;
        }

        return ignored;
    }

    private static string ToRegex(string pattern)
    {
        var regex = new StringBuilder();
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '*' && i + 1 < pattern.Length && pattern[i + 1] == '*')
            {
                var slash = i + 2 < pattern.Length && pattern[i + 2] == '/';
                regex.Append(slash ? "(.*/)?" : ".*");
                i += slash ? 2 : 1;
            }
            else if (c == '*')
            {
                regex.Append("[^/]*");
            }
            else if (c == '?')
            {
                regex.Append("[^/]");
            }
            else
            {
                regex.Append(Regex.Escape(c.ToString()));
            }
        }

        return regex.ToString();
    }
}
