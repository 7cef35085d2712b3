namespace Paralarva.Actors.Listener;

/// <summary>
/// The route table every RequestActor reads, swapped whole by the ProxyActor on a reload. The table
/// itself stays immutable; only this one reference changes, so a keep-alive connection routes its
/// next request with the new table without being restarted or told anything.
/// </summary>
/// <remarks>
/// A RequestActor reads the reference once per request: on x64 and ARM64 a volatile read is a plain
/// load (plus an ordering barrier on ARM), nothing measurable next to the dictionary lookup. The
/// alternatives cost more: telling every RequestActor the new table is a message per open connection
/// per reload, and handing the table only to new connections would leave keep-alive clients routed
/// to services that no longer exist. YARP swaps its configuration snapshots the same way.
/// </remarks>
internal sealed class RouteTableHolder(RouteTable initial)
{
    private RouteTable _current = initial;

    public RouteTable Current => Volatile.Read(ref _current);

    /// <summary>Requests whose head is parsed after this call are routed by <paramref name="next"/>.</summary>
    public void Swap(RouteTable next) => Volatile.Write(ref _current, next);

    public Route? Find(ReadOnlySpan<byte> host) => Current.Find(host);

    public Route? Find(ReadOnlySpan<byte> host, ReadOnlySpan<byte> target, out bool hostKnown) => Current.Find(host, target, out hostKnown);
}
