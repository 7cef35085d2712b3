namespace Paralarva.Tests.Common;

/// <summary>Receives bytes as they are read off the wire, in order.</summary>
public interface IByteSink
{
    void Append(ReadOnlySpan<byte> bytes);
}
