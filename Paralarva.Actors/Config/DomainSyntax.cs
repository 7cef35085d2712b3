namespace Paralarva.Actors.Config;

/// <summary>
/// Validates a service's <c>domain</c>: the host name a client puts in its <c>Host</c> header.
/// </summary>
/// <remarks>
/// Accepted: a DNS name (labels of 1-63 letters, digits, hyphens and underscores, not starting or
/// ending with a hyphen, 253 characters at most; single labels such as <c>h1</c> included, as the
/// original's tests use them), an IPv4 dotted quad, or an IPv6 literal with or without brackets.
/// Underscores are not valid in DNS host names but are common in container and compose service names,
/// and the proxy only compares the name with the Host header. The result is lower-cased, and IPv6 is
/// written in brackets, the form it takes in a Host header.
/// </remarks>
internal static class DomainSyntax
{
    private const int MaxNameLength = 253;
    private const int MaxLabelLength = 63;

    /// <summary>Returns null when valid (with <paramref name="normalized"/> set), otherwise why it is not.</summary>
    public static string? Check(string text, out string normalized)
    {
        normalized = text.ToLowerInvariant();

        var unbracketed = normalized.StartsWith('[') && normalized.EndsWith(']') ? normalized[1..^1] : normalized;
        if (unbracketed.Contains(':'))
        {
            if (!IpAddressSyntax.TryParse(unbracketed, out var v6))
                return "'" + text + "' is not a valid host name or IPv6 address";
            normalized = "[" + IpAddressSyntax.Canonical(v6) + "]";
            return null;
        }

        if (IpAddressSyntax.TryParse(normalized, out _))
            return null;

        if (normalized.Length > MaxNameLength)
            return "host name '" + text + "' is longer than " + MaxNameLength + " characters";

        foreach (var label in normalized.Split('.'))
        {
            var problem = CheckLabel(label);
            if (problem is not null)
                return "'" + text + "' is not a valid host name: " + problem;
        }

        // Top-level domains are never all digits (RFC 3696 §2), so 127.1 or 10.0.0.1.5 is a mistyped
        // IPv4 address, not a name; IPAddress.TryParse would even read the first one loosely.
        var lastLabel = normalized[(normalized.LastIndexOf('.') + 1)..];
        if (lastLabel.All(char.IsAsciiDigit))
            return "'" + text + "' is neither a four-part IPv4 address nor a host name (its last label is all digits)";
        return null;
    }

    private static string? CheckLabel(string label)
    {
        if (label.Length == 0)
            return "it has an empty label (two dots in a row, or a leading or trailing dot)";
        if (label.Length > MaxLabelLength)
            return "label '" + label + "' is longer than " + MaxLabelLength + " characters";
        if (label[0] == '-' || label[^1] == '-')
            return "label '" + label + "' starts or ends with a hyphen";
        foreach (var c in label)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '-' && c != '_')
                return "'" + c + "' is not allowed (letters, digits, '-' and '_' only)";
        }

        return null;
    }
}
