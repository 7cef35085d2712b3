using Akka.IO;
using Paralarva.Actors.Http;
using Paralarva.Actors.Listener;

namespace Paralarva.Fuzz;

/// <summary>
/// Collects a head from bytes arriving in pieces exactly as the RequestActor does (<see cref="HeadBuffer"/>), and the
/// cut points every target uses to compare a whole input with the same input split: derived from the input itself,
/// so a crash file replays to the same path.
/// </summary>
internal static class HeadCollector
{
    /// <summary>The proxy's default request head limit.</summary>
    public const int Capacity = 16 * 1024;

    /// <summary>The head (a copy) when one is complete, with the bytes after it; the status otherwise.</summary>
    public static HeadParseStatus Collect(ReadOnlySpan<byte> input, ReadOnlySpan<int> cuts, out byte[] head, out int restLength)
    {
        var buffer = new HeadBuffer(Capacity);
        head = [];
        restLength = 0;
        var start = 0;
        var status = HeadParseStatus.Incomplete;
        for (var i = 0; i <= cuts.Length && status == HeadParseStatus.Incomplete; i++)
        {
            var end = i < cuts.Length ? cuts[i] : input.Length;
            if (end <= start && i < cuts.Length)
                continue;
            status = buffer.Add(ByteString.CopyFrom(input[start..end].ToArray()), out var found, out var rest);
            if (status == HeadParseStatus.Complete)
            {
                head = found.ToArray();
                restLength = rest.Count + (input.Length - end);
            }

            start = end;
        }

        buffer.Release();
        return status;
    }

    /// <summary>Up to three increasing cut points inside the input, chosen by its bytes.</summary>
    public static int[] Cuts(ReadOnlySpan<byte> input)
    {
        if (input.Length < 2)
            return [];
        var hash = 17u;
        foreach (var b in input)
            hash = (hash * 31) + b;
        var length = input.Length;
        var cuts = new SortedSet<int> { 1 + (int)(hash % (uint)(length - 1)), length / 2, length - 1 - (int)((hash >> 16) % (uint)length) };
        cuts.RemoveWhere(c => c <= 0 || c >= length);
        return [.. cuts];
    }
}
