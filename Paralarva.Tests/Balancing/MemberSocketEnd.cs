namespace Paralarva.Tests.Balancing;

/// <summary>How a member socket saw the proxy's side end.</summary>
internal enum MemberSocketEnd
{
    /// <summary>A FIN: the proxy closed gracefully.</summary>
    Fin,

    /// <summary>A reset: the proxy aborted the connection.</summary>
    Reset,
}
