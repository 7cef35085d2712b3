namespace Paralarva.Actors.Http;

/// <summary>
/// The <c>Set-Cookie</c> field that pins a client to the member that answered it (cookie affinity), added to a response
/// head by <see cref="ResponseHeadWriter"/> through this one hook: <c>Set-Cookie: NAME=&lt;16 hex digits&gt;; Path=/;
/// HttpOnly</c>. The default value adds nothing. Written into the head builder without allocating.
/// </summary>
/// <param name="prefix">The route's pre-built <c>Set-Cookie: NAME=</c> bytes (<see cref="Prefix"/>), or null for none.</param>
/// <param name="id">The member's opaque affinity id.</param>
internal readonly struct AffinityCookie(byte[]? prefix, ulong id)
{
    private static ReadOnlySpan<byte> HexDigits => "0123456789abcdef"u8;

    private static ReadOnlySpan<byte> Attributes => "; Path=/; HttpOnly\r\n"u8;

    public bool IsNone => prefix is null;

    /// <summary>Bytes this field may add to a head (the builder's capacity must cover it).</summary>
    public int MaxLength => prefix is null ? 0 : prefix.Length + 16 + Attributes.Length;

    /// <summary>Built once per configuration: <c>Set-Cookie: NAME=</c>.</summary>
    public static byte[] Prefix(string cookieName) => System.Text.Encoding.ASCII.GetBytes("Set-Cookie: " + cookieName + "=");

    public void AppendTo(ref HeadBuilder builder)
    {
        if (prefix is null)
            return;
        builder.Append(prefix);
        for (var shift = 60; shift >= 0; shift -= 4)
            builder.Append(HexDigits[(int)((id >> shift) & 0xF)]);
        builder.Append(Attributes);
    }
}
