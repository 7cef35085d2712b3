namespace Paralarva.Actors.Http;

/// <summary>One field line of a head, as offsets into the head's copied bytes; the value is OWS-trimmed.</summary>
internal struct HeaderField
{
    public int NameStart;
    public int NameLength;
    public int ValueStart;
    public int ValueLength;
    public FieldKind Kind;
    /// <summary>Named by a Connection option (RFC 9110 section 7.6.1): dropped when forwarding.</summary>
    public bool NamedByConnection;
}
