using System.Security.Cryptography;

namespace Paralarva.Tests.Common;

/// <summary>
/// The deterministic body used for large generated payloads: byte <c>i</c> is
/// <c>i % 251</c>. 251 is prime, so the pattern never lines up with buffer or chunk
/// sizes, and a byte dropped, duplicated or reordered anywhere changes the digest.
/// </summary>
public static class BodyPattern
{
    public const int Period = 251;

    public static byte ByteAt(long offset) => (byte)(offset % Period);

    /// <summary>Fills <paramref name="destination"/> with the pattern starting at <paramref name="offset"/>.</summary>
    public static void Fill(Span<byte> destination, long offset)
    {
        var phase = (int)(offset % Period);
        for (var i = 0; i < destination.Length; i++)
        {
            destination[i] = (byte)phase;
            phase = phase == Period - 1 ? 0 : phase + 1;
        }
    }

    public static byte[] Create(int length)
    {
        var bytes = new byte[length];
        Fill(bytes, 0);
        return bytes;
    }

    /// <summary>True when <paramref name="data"/> equals the pattern starting at <paramref name="offset"/>.</summary>
    public static bool Matches(ReadOnlySpan<byte> data, long offset = 0)
    {
        var phase = (int)(offset % Period);
        for (var i = 0; i < data.Length; i++)
        {
            if (data[i] != phase)
            {
                return false;
            }

            phase = phase == Period - 1 ? 0 : phase + 1;
        }

        return true;
    }

    /// <summary>Lower-case hex SHA-256 of the first <paramref name="length"/> pattern bytes, computed without holding them.</summary>
    public static string Sha256Hex(long length)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var block = new byte[64 * 1024];
        for (long offset = 0; offset < length; offset += block.Length)
        {
            var n = (int)Math.Min(block.Length, length - offset);
            Fill(block.AsSpan(0, n), offset);
            hash.AppendData(block, 0, n);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
