namespace Paralarva.Tests.Common;

/// <summary>Case-insensitive lookups over a header list kept in wire order.</summary>
public static class HeaderListExtensions
{
    /// <summary>The first value of <paramref name="name"/>, or null.</summary>
    public static string? Get(this IReadOnlyList<KeyValuePair<string, string>> headers, string name)
    {
        foreach (var header in headers)
        {
            if (string.Equals(header.Key, name, StringComparison.OrdinalIgnoreCase))
            {
                return header.Value;
            }
        }

        return null;
    }

    /// <summary>Every value of <paramref name="name"/>, in wire order.</summary>
    public static IReadOnlyList<string> GetAll(this IReadOnlyList<KeyValuePair<string, string>> headers, string name)
    {
        var values = new List<string>();
        foreach (var header in headers)
        {
            if (string.Equals(header.Key, name, StringComparison.OrdinalIgnoreCase))
            {
                values.Add(header.Value);
            }
        }

        return values;
    }

    public static bool Has(this IReadOnlyList<KeyValuePair<string, string>> headers, string name) =>
        headers.Get(name) is not null;

    /// <summary>True when a comma-separated header (Connection, Transfer-Encoding) lists <paramref name="token"/>.</summary>
    public static bool HasToken(this IReadOnlyList<KeyValuePair<string, string>> headers, string name, string token)
    {
        foreach (var value in headers.GetAll(name))
        {
            foreach (var part in value.Split(','))
            {
                if (string.Equals(part.Trim(), token, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }
        }

        return false;
    }
}
