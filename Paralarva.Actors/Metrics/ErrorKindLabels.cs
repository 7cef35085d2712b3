using System.Collections.Frozen;
using System.Text;
using Paralarva.Actors.Http;

namespace Paralarva.Actors.Metrics;

/// <summary>
/// The <c>kind</c> label of <c>paralarva_errors_total</c>: a <see cref="ProxyError"/> name in snake_case
/// ("MemberTimeout" → "member_timeout"), computed once per enum value rather than per event.
/// </summary>
internal static class ErrorKindLabels
{
    private static readonly FrozenDictionary<string, string> Known = BuildKnown();

    /// <summary>The label for <paramref name="kind"/>; a name outside the enum is converted on the spot.</summary>
    public static string For(string kind) =>
        Known.TryGetValue(kind, out var label) ? label : ToSnakeCase(kind);

    public static string ToSnakeCase(string name)
    {
        var builder = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c))
            {
                // A new word starts at an upper-case letter after a lower-case one or a digit, or at the
                // last capital of an acronym followed by lower case ("HTTPError" → "http_error").
                var startsWord = i > 0 && (!char.IsUpper(name[i - 1])
                    || (i + 1 < name.Length && char.IsLower(name[i + 1])));
                if (startsWord && name[i - 1] != '_')
                    builder.Append('_');
                builder.Append(char.ToLowerInvariant(c));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    private static FrozenDictionary<string, string> BuildKnown()
    {
        var names = Enum.GetNames<ProxyError>();
        var labels = new Dictionary<string, string>(names.Length, StringComparer.Ordinal);
        foreach (var name in names)
            labels[name] = ToSnakeCase(name);
        return labels.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
