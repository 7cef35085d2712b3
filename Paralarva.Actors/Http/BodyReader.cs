namespace Paralarva.Actors.Http;

/// <summary>
/// Finds where a body ends in a byte stream without copying it: the proxy relays the body bytes
/// verbatim (chunked stays chunked) and this state machine validates the framing as they pass.
/// </summary>
internal sealed class BodyReader
{
    public void Reset(BodyFraming framing, long contentLength) => throw new NotImplementedException();

    /// <summary>
    /// Advances over <paramref name="data"/>. <paramref name="consumed"/> is how many leading bytes belong to
    /// this body (to be relayed); on <see cref="BodyStatus.Complete"/> the rest is the next message.
    /// </summary>
    public BodyStatus Advance(ReadOnlySpan<byte> data, out int consumed) => throw new NotImplementedException();

    /// <summary>Call when the peer closed: true when that is a valid end of this body (UntilClose, or already complete).</summary>
    public bool CompleteOnClose() => throw new NotImplementedException();
}
