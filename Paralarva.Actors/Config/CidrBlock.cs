namespace Paralarva.Actors.Config;

/// <summary>
/// One entry of an <c>allow</c>/<c>deny</c> list: a network in the 128-bit address space where an IPv4 address
/// a.b.c.d is the IPv4-mapped <c>::ffff:a.b.c.d</c> (so <c>10.0.0.0/8</c> is <c>::ffff:10.0.0.0/104</c>), the same
/// key a client gets whether it came over IPv4 or a dual-mode IPv6 socket.
/// </summary>
/// <param name="Network">The address with its host bits cleared.</param>
/// <param name="PrefixLength">0-128, in the 128-bit space.</param>
/// <param name="Text">The entry as canonical text (<c>10.0.0.0/8</c>, <c>2001:db8::/32</c>), for messages and docs.</param>
public readonly record struct CidrBlock(UInt128 Network, int PrefixLength, string Text)
{
    /// <summary>The 128-bit mask of <paramref name="prefixLength"/> leading ones.</summary>
    public static UInt128 Mask(int prefixLength) =>
        prefixLength == 0 ? UInt128.Zero : UInt128.MaxValue << (128 - prefixLength);

    public UInt128 Mask() => Mask(PrefixLength);

    public override string ToString() => Text;
}
