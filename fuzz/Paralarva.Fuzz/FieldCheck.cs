using System.Text;
using Paralarva.Actors.Http;

namespace Paralarva.Fuzz;

/// <summary>Compares field lists: what was received against what is forwarded.</summary>
internal static class FieldCheck
{
    public static string Text(ReadOnlySpan<byte> bytes) => Encoding.Latin1.GetString(bytes);

    /// <summary>
    /// At the head's first Transfer-Encoding field, <paramref name="first"/>, adds the one line the proxy sends for all
    /// of them: under that field's name, the non-empty list elements of every value, OWS-trimmed, joined by ", "
    /// (RFC 9110 section 5.6.1). At a later one, nothing.
    /// </summary>
    public static void AddTransferEncoding(List<(string, string)> kept, FieldTable fields, int first)
    {
        if (fields.IndexOf(FieldKind.TransferEncoding) != first)
            return;
        var codings = new List<string>();
        for (var i = first; i < fields.Count; i++)
        {
            if (fields[i].Kind != FieldKind.TransferEncoding)
                continue;
            codings.AddRange(Text(fields.Value(i)).Split(',').Select(static c => c.Trim(' ', '\t')).Where(static c => c.Length > 0));
        }

        kept.Add((Text(fields.Name(first)), string.Join(", ", codings)));
    }

    /// <summary>A Content-Length value as the proxy sends it: the digits without leading zeros (RFC 9110 section 8.6 allows them).</summary>
    public static string PlainLength(ReadOnlySpan<byte> value)
    {
        var digits = Text(value).Trim(' ', '\t').TrimStart('0');
        return digits.Length == 0 ? "0" : digits;
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
