using System.Reflection;
using Akka.IO;

namespace Paralarva.Actors.Balancing;

/// <summary>
/// The array segments behind a <see cref="ByteString"/>, so that a socket write takes them as they are (a buffer
/// list) instead of a compacted copy. Akka keeps the list internal (its own TcpConnection uses it the same way);
/// it is read through a delegate bound once, and a test pins the behaviour for the Akka version in use.
/// </summary>
internal static class ByteStringSegments
{
    private static readonly Func<ByteString, IList<ArraySegment<byte>>> Buffers =
        typeof(ByteString).GetProperty("Buffers", BindingFlags.Instance | BindingFlags.NonPublic)!
            .GetGetMethod(nonPublic: true)!
            .CreateDelegate<Func<ByteString, IList<ArraySegment<byte>>>>();

    /// <summary>Adds the segments of <paramref name="data"/> to <paramref name="into"/>; none for an empty string.</summary>
    public static void AddTo(ByteString data, List<ArraySegment<byte>> into)
    {
        if (data.IsEmpty)
            return;
        var buffers = Buffers(data);
        for (var i = 0; i < buffers.Count; i++)
        {
            if (buffers[i].Count > 0)
                into.Add(buffers[i]);
        }
    }
}
