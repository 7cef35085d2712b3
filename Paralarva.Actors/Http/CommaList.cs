namespace Paralarva.Actors.Http;

/// <summary>
/// Walks the elements of a comma-separated field value (RFC 9110 section 5.6.1), OWS-trimmed, skipping the
/// empty elements a recipient must tolerate (<c>a, , b</c>). Quoted strings are not list syntax in the
/// fields the proxy reads (Connection, Transfer-Encoding, Expect, Content-Length), so a comma always splits.
/// </summary>
internal ref struct CommaList(ReadOnlySpan<byte> value)
{
    private ReadOnlySpan<byte> _rest = value;

    /// <summary>The next non-empty element, or false at the end.</summary>
    public bool MoveNext(out ReadOnlySpan<byte> element)
    {
        while (!_rest.IsEmpty)
        {
            var comma = _rest.IndexOf((byte)',');
            if (comma < 0)
            {
                element = HttpChars.TrimOws(_rest);
                _rest = default;
            }
            else
            {
                element = HttpChars.TrimOws(_rest[..comma]);
                _rest = _rest[(comma + 1)..];
            }

            if (!element.IsEmpty)
                return true;
        }

        element = default;
        return false;
    }
}
