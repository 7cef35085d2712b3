using Paralarva.Tests.Deployment;

namespace Paralarva.Tests.Monitoring;

/// <summary>
/// Debian's chromium (package <c>chromium</c>, installed by scripts/test.sh) run headless: the DOM of a page
/// after it loaded, or a PNG screenshot of it. Each run gets its own profile directory, deleted after.
/// </summary>
internal static class HeadlessChromium
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    public static string Path
    {
        get
        {
            foreach (var candidate in new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser" })
            {
                if (File.Exists(candidate))
                    return candidate;
            }

            throw new Xunit.Sdk.XunitException(
                "chromium not found: install it with `bash scripts/install-deps.sh chromium:/usr/bin/chromium` (scripts/test.sh does)");
        }
    }

    /// <summary>The serialized DOM of <paramref name="url"/> once loaded (<c>--dump-dom</c>).</summary>
    public static async Task<string> DumpDomAsync(string url)
    {
        var result = await RunAsync(["--dump-dom", url]);
        return result.EnsureSuccess().StandardOutput;
    }

    /// <summary>A PNG of <paramref name="url"/> at the given window size, written to <paramref name="file"/>.</summary>
    public static async Task ScreenshotAsync(string url, string file, int width, int height)
    {
        var result = await RunAsync(["--screenshot=" + file, "--window-size=" + width + "," + height, "--hide-scrollbars", url]);
        result.EnsureSuccess();
        Assert.True(File.Exists(file), "chromium wrote no screenshot:\n" + result);
    }

    private static async Task<ToolResult> RunAsync(IEnumerable<string> arguments)
    {
        var profile = Directory.CreateTempSubdirectory("paralarva-chromium-");
        try
        {
            return await ToolProcess.RunAsync(Path, [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                "--disable-extensions", "--disable-background-networking", "--user-data-dir=" + profile.FullName,
                .. arguments,
            ], timeout: Timeout);
        }
        finally
        {
            profile.Delete(recursive: true);
        }
    }
}
