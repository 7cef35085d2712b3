using System.Text;

namespace Paralarva.Actors.Http;

/// <summary>
/// The proxy's own <c>Via</c> entry (RFC 9110 section 7.6.3), which a proxy must add to the messages it forwards,
/// requests and responses alike: <c>Via: 1.1 paralarva</c>, with the protocol version of the message as received
/// and a configurable pseudonym. Added as a field line after any the message already has, so the list reads in
/// the order the message travelled. Both lines are built once per configuration.
/// </summary>
internal sealed class ViaField
{
    public const string DefaultPseudonym = "paralarva";

    private readonly byte[] _http11;
    private readonly byte[] _http10;

    public ViaField(string pseudonym)
    {
        Pseudonym = pseudonym;
        _http11 = Encoding.ASCII.GetBytes("Via: 1.1 " + pseudonym + "\r\n");
        _http10 = Encoding.ASCII.GetBytes("Via: 1.0 " + pseudonym + "\r\n");
    }

    public static ViaField Default { get; } = new(DefaultPseudonym);

    public string Pseudonym { get; }

    /// <summary>The whole field line, CRLF included, for a message received in HTTP/1.1 or HTTP/1.0.</summary>
    public ReadOnlySpan<byte> Line(bool receivedHttp11) => receivedHttp11 ? _http11 : _http10;

    /// <summary>The longest line, for head size bounds.</summary>
    public int MaxLength => _http11.Length;
}
