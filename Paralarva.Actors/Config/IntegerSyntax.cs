using System.Globalization;

namespace Paralarva.Actors.Config;

/// <summary>Reads a whole number the way an operator writes one, and nothing YAML might read differently.</summary>
internal static class IntegerSyntax
{
    /// <summary>
    /// Accepts an optional minus sign and decimal digits. Rejects fractions (<c>8.5</c>), exponents,
    /// underscores, hexadecimal and leading zeros: YAML 1.1 tools read <c>0100</c> as octal 64, so a
    /// leading zero is ambiguous between the tools that produce a file and this one.
    /// </summary>
    public static bool TryParse(string text, out long value)
    {
        value = 0;
        var digits = text.StartsWith('-') ? text.AsSpan(1) : text.AsSpan();
        if (digits.IsEmpty || digits.Length > 18 || (digits[0] == '0' && digits.Length > 1))
            return false;
        foreach (var c in digits)
        {
            if (!char.IsAsciiDigit(c))
                return false;
        }

        return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
    }
}
