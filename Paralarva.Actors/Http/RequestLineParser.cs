namespace Paralarva.Actors.Http;

/// <summary>
/// Parses <c>method SP request-target SP HTTP-version</c> (RFC 9112 section 3) with exactly one SP between parts:
/// the lenient whitespace splitting section 3 allows is refused, as is any version but HTTP/1.x.
/// </summary>
internal static class RequestLineParser
{
    public static bool Parse(ReadOnlySpan<byte> head, int lineStart, int lineLength, RequestHead into)
    {
        var line = head.Slice(lineStart, lineLength);
        var sp1 = line.IndexOf((byte)' ');
        if (sp1 <= 0 || !HttpChars.IsToken(line[..sp1]))
            return false;
        var afterMethod = line[(sp1 + 1)..];
        var sp2 = afterMethod.IndexOf((byte)' ');
        if (sp2 <= 0)
            return false;
        var target = afterMethod[..sp2];
        var version = afterMethod[(sp2 + 1)..];
        // RFC 9110 section 2.5: a higher minor version of HTTP/1 is processed as HTTP/1.1, the highest this proxy knows.
        if (version is not [(byte)'H', (byte)'T', (byte)'T', (byte)'P', (byte)'/', (byte)'1', (byte)'.', var minor] || !HttpChars.IsDigit(minor))
            return false;
        into.IsHttp11 = minor != (byte)'0';
        if (!HttpChars.IsVisibleAscii(target))
            return false;

        into.Method = MethodKind(line[..sp1]);
        into.MethodStart = lineStart;
        into.MethodLength = sp1;
        into.TargetStart = lineStart + sp1 + 1;
        into.TargetLength = target.Length;
        return ParseTarget(target, into);
    }

    /// <summary>Methods are case-sensitive (RFC 9110 section 9.1): <c>get</c> is not GET.</summary>
    public static HttpMethodKind MethodKind(ReadOnlySpan<byte> method) => method switch
    {
        [(byte)'G', (byte)'E', (byte)'T'] => HttpMethodKind.Get,
        [(byte)'P', (byte)'U', (byte)'T'] => HttpMethodKind.Put,
        [(byte)'H', (byte)'E', (byte)'A', (byte)'D'] => HttpMethodKind.Head,
        [(byte)'P', (byte)'O', (byte)'S', (byte)'T'] => HttpMethodKind.Post,
        [(byte)'P', (byte)'A', (byte)'T', (byte)'C', (byte)'H'] => HttpMethodKind.Patch,
        [(byte)'T', (byte)'R', (byte)'A', (byte)'C', (byte)'E'] => HttpMethodKind.Trace,
        [(byte)'D', (byte)'E', (byte)'L', (byte)'E', (byte)'T', (byte)'E'] => HttpMethodKind.Delete,
        [(byte)'O', (byte)'P', (byte)'T', (byte)'I', (byte)'O', (byte)'N', (byte)'S'] => HttpMethodKind.Options,
        [(byte)'C', (byte)'O', (byte)'N', (byte)'N', (byte)'E', (byte)'C', (byte)'T'] => HttpMethodKind.Connect,
        _ => HttpMethodKind.Other,
    };

    private static bool ParseTarget(ReadOnlySpan<byte> target, RequestHead into)
    {
        // CONNECT takes only authority-form, and authority-form only CONNECT (RFC 9112 section 3.2.3).
        if (into.Method == HttpMethodKind.Connect)
        {
            into.Form = TargetForm.Authority;
            var hostLength = HostSyntax.HostLength(target);
            return hostLength > 0 && hostLength < target.Length;
        }

        if (target[0] == (byte)'/')
            return true;
        if (target is [(byte)'*'])
        {
            into.Form = TargetForm.Asterisk;
            return into.Method == HttpMethodKind.Options;
        }

        return ParseAbsolute(target, into);
    }

    /// <summary>
    /// <c>http[s]://authority[/path][?query]</c> (RFC 9112 section 3.2.2). userinfo is refused (RFC 9110
    /// section 4.2.4) because '@' is not a host character; an empty host is refused (section 4.2.1).
    /// </summary>
    private static bool ParseAbsolute(ReadOnlySpan<byte> target, RequestHead into)
    {
        int schemeLength;
        if (target.Length >= 7 && FieldNames.Is(target[..7], "http://"u8))
            schemeLength = 7;
        else if (target.Length >= 8 && FieldNames.Is(target[..8], "https://"u8))
            schemeLength = 8;
        else
            return false;

        var rest = target[schemeLength..];
        var authorityLength = rest.IndexOfAny((byte)'/', (byte)'?');
        if (authorityLength < 0)
            authorityLength = rest.Length;
        if (HostSyntax.HostLength(rest[..authorityLength]) <= 0)
            return false;

        into.Form = TargetForm.Absolute;
        into.AuthorityStart = into.TargetStart + schemeLength;
        into.AuthorityLength = authorityLength;
        into.PathStart = into.AuthorityStart + authorityLength;
        into.PathLength = rest.Length - authorityLength;
        return true;
    }
}
