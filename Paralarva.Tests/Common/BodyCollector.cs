using System.Security.Cryptography;

namespace Paralarva.Tests.Common;

/// <summary>
/// Collects a body as it streams in: counts bytes, keeps a running SHA-256, and stores the
/// bytes only while the total stays within <see cref="MaxStoredBytes"/>, so a test can push
/// gigabytes through without holding them.
/// </summary>
public sealed class BodyCollector : IByteSink, IDisposable
{
    private readonly IncrementalHash? _hash;
    private MemoryStream? _stored = new();
    private string? _sha256;

    public BodyCollector(long maxStoredBytes, bool computeHash = true)
    {
        MaxStoredBytes = maxStoredBytes;
        _hash = computeHash ? IncrementalHash.CreateHash(HashAlgorithmName.SHA256) : null;
    }

    public long MaxStoredBytes { get; }

    public long Length { get; private set; }

    /// <summary>False once more than <see cref="MaxStoredBytes"/> arrived: only the length and digest remain.</summary>
    public bool IsStored => _stored is not null;

    public void Append(ReadOnlySpan<byte> bytes)
    {
        Length += bytes.Length;
        _hash?.AppendData(bytes);
        if (_stored is null)
        {
            return;
        }

        if (Length > MaxStoredBytes)
        {
            _stored = null;
            return;
        }

        _stored.Write(bytes);
    }

    /// <summary>The stored bytes, or null when the body was too large to store.</summary>
    public byte[]? ToArray() => _stored?.ToArray();

    /// <summary>Lower-case hex SHA-256 of everything appended; ends the collection.</summary>
    public string Sha256Hex()
    {
        if (_sha256 is null)
        {
            _sha256 = _hash is null ? string.Empty : Convert.ToHexStringLower(_hash.GetHashAndReset());
        }

        return _sha256;
    }

    public static string Sha256Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    public void Dispose() => _hash?.Dispose();
}
