using System.Security.Cryptography;

namespace Paralarva.Actors.Config;

/// <summary>
/// Identifies a configuration file's content: the first 12 hex digits of the SHA-256 of its bytes,
/// short enough for a metric label and a log line, long enough that two versions never collide in practice.
/// </summary>
public static class ConfigHash
{
    public const int Length = 12;

    public static string Of(ReadOnlySpan<byte> bytes)
    {
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(bytes, digest);
        return Convert.ToHexStringLower(digest[..(Length / 2)]);
    }
}
