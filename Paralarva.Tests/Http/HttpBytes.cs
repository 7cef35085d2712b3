using System.Text;
using Paralarva.Actors.Http;

namespace Paralarva.Tests.Http;

/// <summary>Test bytes for the Http parsers: Latin-1 so "\u0080"-"\u00FF" in a test string are single obs-text bytes.</summary>
internal static class HttpBytes
{
    public static byte[] Of(string text)
    {
        // A C# "\x7fb" is one char U+07FB, not DEL and 'b': catch such slips instead of testing '?'.
        Assert.DoesNotContain(text, c => c > '\u00ff');
        return Encoding.Latin1.GetBytes(text);
    }

    public static string Text(ReadOnlySpan<byte> bytes) => Encoding.Latin1.GetString(bytes);

    /// <summary>Cut points splitting <paramref name="length"/> bytes into random pieces (last cut is the length).</summary>
    public static List<int> RandomCuts(int length, Random random)
    {
        var cuts = new List<int>();
        var pos = 0;
        while (pos < length)
        {
            pos = Math.Min(length, pos + 1 + random.Next(Math.Max(1, length / 4)));
            cuts.Add(pos);
        }

        return cuts;
    }

    /// <summary>Every way of cutting in two, one byte at a time, and 20 random splits from fixed seeds.</summary>
    public static IEnumerable<List<int>> AllSplits(int length)
    {
        yield return [length];
        for (var cut = 1; cut < length; cut++)
            yield return [cut, length];
        var bytes = new List<int>();
        for (var i = 1; i <= length; i++)
            bytes.Add(i);
        yield return bytes;
        for (var seed = 1; seed <= 20; seed++)
            yield return RandomCuts(length, new Random(seed));
    }

    /// <summary>
    /// Feeds <paramref name="data"/> to <see cref="HeadScanner"/> as a connection would receive it, growing the
    /// buffer at each cut and resuming from <c>previousLength - 3</c>; returns the head end or -1.
    /// </summary>
    public static int ScanInPieces(byte[] data, List<int> cuts)
    {
        var previous = 0;
        foreach (var cut in cuts)
        {
            var end = HeadScanner.FindHeadEnd(data.AsSpan(0, cut), Math.Max(0, previous - 3));
            if (end >= 0)
                return end;
            previous = cut;
        }

        return -1;
    }
}
