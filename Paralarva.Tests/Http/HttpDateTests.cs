using Akka.IO;
using Paralarva.Actors.Http;

namespace Paralarva.Tests.Http;

public sealed class HttpDateTests
{
    [Fact]
    public void Line_CurrentImfFixdate()
    {
        var line = HttpBytes.Text(HttpDate.Line.ToArray());

        Assert.Equal(string.Empty, AddedDate.Without(line));
    }

    /// <summary>The proxy's canned answers are built once; the Date goes in after the status line when one is sent.</summary>
    [Fact]
    public void Stamp_AfterTheStatusLine_RestUnchanged()
    {
        const string answer = "HTTP/1.1 502 Bad Gateway\r\nConnection: close\r\nContent-Length: 3\r\n\r\nbad";

        var stamped = HttpBytes.Text(HttpDate.Stamp(ByteString.FromBytes(HttpBytes.Of(answer))).ToArray());

        Assert.StartsWith("HTTP/1.1 502 Bad Gateway\r\nDate: ", stamped, StringComparison.Ordinal);
        Assert.Equal(answer, AddedDate.Without(stamped));
    }
}
