using System.Buffers;
using Akka.IO;
using Paralarva.Actors.Http;

namespace Paralarva.Actors.Listener;

/// <summary>
/// Collects a message head that may arrive in any number of pieces. A head that arrives whole (the
/// usual case) is found in the received bytes without copying; otherwise pieces are copied into a
/// pooled buffer of at most <c>capacity</c> bytes, scanned once each, and returned to the pool after.
/// </summary>
internal sealed class HeadBuffer(int capacity)
{
    private byte[]? _buffer;
    private int _filled;

    public bool IsEmpty => _filled == 0;

    /// <summary>The bytes of a head not yet complete (after <see cref="Add"/> said Incomplete), from its start.</summary>
    public ReadOnlySpan<byte> Collected => _buffer.AsSpan(0, _filled);

    /// <summary>
    /// After <see cref="Add"/> said TooLarge: the head's first bytes, as many as the limit lets in (a head refused whole
    /// in one piece, <paramref name="lastAdded"/>, was not copied).
    /// </summary>
    public ReadOnlySpan<byte> WithinLimit(ByteString lastAdded)
    {
        if (_filled > 0)
            return Collected;
        var span = lastAdded.ToReadOnlySpan();
        return span[..Math.Min(span.Length, capacity)];
    }

    /// <summary>
    /// Adds <paramref name="data"/>. On <see cref="HeadParseStatus.Complete"/>, <paramref name="head"/> is the whole
    /// head (valid until the next call or <see cref="Release"/>) and <paramref name="rest"/> the bytes after it.
    /// </summary>
    public HeadParseStatus Add(ByteString data, out ReadOnlySpan<byte> head, out ByteString rest)
    {
        head = default;
        rest = ByteString.Empty;
        var span = data.ToReadOnlySpan();
        if (_filled == 0)
        {
            var end = HeadScanner.FindHeadEnd(span, 0);
            if (end > capacity || (end < 0 && span.Length >= capacity))
                return HeadParseStatus.TooLarge;
            if (end > 0)
            {
                head = span[..end];
                rest = data.Slice(end);
                return HeadParseStatus.Complete;
            }
        }

        _buffer ??= ArrayPool<byte>.Shared.Rent(capacity);
        var copied = Math.Min(span.Length, capacity - _filled);
        span[..copied].CopyTo(_buffer.AsSpan(_filled));
        var scanFrom = Math.Max(0, _filled - 3);
        _filled += copied;
        var headEnd = HeadScanner.FindHeadEnd(_buffer.AsSpan(0, _filled), scanFrom);
        if (headEnd < 0)
            return _filled >= capacity ? HeadParseStatus.TooLarge : HeadParseStatus.Incomplete;

        rest = ByteString.CopyFrom(_buffer, headEnd, _filled - headEnd);
        if (copied < span.Length)
            rest = rest.Concat(data.Slice(copied));
        head = _buffer.AsSpan(0, headEnd);
        _filled = 0;
        return HeadParseStatus.Complete;
    }

    /// <summary>Forgets any partial head and gives the buffer back: an idle connection holds none.</summary>
    public void Release()
    {
        _filled = 0;
        if (_buffer is null)
            return;
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = null;
    }
}
