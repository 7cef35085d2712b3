using System.Text;

namespace Paralarva.Fuzz;

/// <summary>Compares field lists: what was received against what is forwarded.</summary>
internal static class FieldCheck
{
    public static string Text(ReadOnlySpan<byte> bytes) => Encoding.Latin1.GetString(bytes);

    /// <summary>
    /// Adds the one Transfer-Encoding line the proxy sends for <paramref name="values"/> (every Transfer-Encoding value
    /// received, in order) under <paramref name="name"/>, the first line's name: the non-empty list elements, OWS-trimmed,
    /// joined by ", " (RFC 9110 section 5.6.1).
    /// </summary>
    public static void AddTransferEncoding(List<(string, string)> kept, string name, IEnumerable<string> values)
    {
        var codings = values.SelectMany(static v => v.Split(',')).Select(static c => c.Trim(' ', '\t')).Where(static c => c.Length > 0);
        kept.Add((name, string.Join(", ", codings)));
    }

    /// <summary>
    /// Every field of <paramref name="kept"/> appears in <paramref name="forwarded"/> with the same name and value
    /// bytes, in the same order, and <paramref name="forwarded"/> holds nothing else but <paramref name="added"/> names.
    /// </summary>
    public static void SameFields(List<(string Name, string Value)> kept, List<(string Name, string Value)> forwarded, string[] added, string what)
    {
        var j = 0;
        foreach (var field in forwarded)
        {
            if (j < kept.Count && kept[j] == field)
            {
                j++;
                continue;
            }

            InvariantViolation.Check(
                Array.Exists(added, a => a.Equals(field.Name, StringComparison.OrdinalIgnoreCase)),
                what + ": forwarded field '" + field.Name + ": " + field.Value + "' was neither received (in order) nor added by the proxy");
        }

        InvariantViolation.Check(j == kept.Count,
            what + ": received field '" + (j < kept.Count ? kept[j].Name + ": " + kept[j].Value : "") + "' was not forwarded unchanged");
    }
}
