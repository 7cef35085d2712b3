namespace Paralarva.Actors.Http;

/// <summary>The four forms of request-target (RFC 9112 section 3.2).</summary>
internal enum TargetForm : byte
{
    /// <summary><c>/path?query</c>: what members receive.</summary>
    Origin = 0,
    /// <summary><c>http://authority/path?query</c>: routed on the authority, forwarded in origin-form.</summary>
    Absolute,
    /// <summary><c>host:port</c>, CONNECT only.</summary>
    Authority,
    /// <summary><c>*</c>, OPTIONS only.</summary>
    Asterisk,
}
