using System.Globalization;
using System.Text.RegularExpressions;

namespace Paralarva.Tests.Http;

/// <summary>
/// The Date line the proxy adds to a response that has none (RFC 9110 section 6.6.1): checked (one line, IMF-fixdate,
/// the current time) and taken out, so that a test can compare the rest of the head byte for byte.
/// </summary>
internal static partial class AddedDate
{
    [GeneratedRegex(@"Date: (Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT\r\n")]
    private static partial Regex Line();

    /// <summary><paramref name="response"/> without its one Date line, which must be a current IMF-fixdate.</summary>
    public static string Without(string response)
    {
        var line = Assert.Single(Line().Matches(response));
        AssertCurrent(line.Value["Date: ".Length..^2]);
        return response.Remove(line.Index, line.Length);
    }

    /// <summary>An IMF-fixdate of the last minute: the proxy formats the time it wrote the head, to the second.</summary>
    public static void AssertCurrent(string imfFixdate)
    {
        var date = DateTime.ParseExact(imfFixdate, "r", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal);
        Assert.InRange(date, DateTime.UtcNow.AddMinutes(-1), DateTime.UtcNow);
    }
}
