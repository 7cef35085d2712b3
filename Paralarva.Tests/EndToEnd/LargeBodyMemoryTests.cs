using Paralarva.Tests.Common;

namespace Paralarva.Tests.EndToEnd;

/// <summary>
/// DESIGN.md: bodies are never buffered whole, so a proxy relaying a large body uses the same memory as one relaying
/// a small one. Measured where nothing else runs: the executable's own peak resident set (VmHWM) grows by far less
/// than the body while 128 MiB stream through it.
/// </summary>
[Collection(TestCollections.Processes)]
public sealed class LargeBodyMemoryTests : IDisposable
{
    private const long Length = 128L * 1024 * 1024;

    /// <summary>Half the body: a proxy holding the body whole, or even half of it, cannot stay under it.</summary>
    private const long MaxGrowth = Length / 2;

    private static readonly TimeSpan TransferTimeout = TimeSpan.FromSeconds(120);

    private readonly TempDirectory _directory = new("paralarva-memory-");

    [Fact]
    public async Task Response128MiB_PeakResidentMemoryGrowsByLessThanHalfTheBody()
    {
        // One framing: both relay through the same path (LargeBodyTests checks each framing's bytes in process).
        const WireFraming framing = WireFraming.Chunked;
        await using var origin = new TestOrigin("a", req => req.Target == "/small" ? OriginResponse.Ok("small") : OriginResponse.Large(Length, framing));
        var (host, port, _) = await HostProcess.StartServingAsync(_directory.Path, listen => Config(listen, origin.Port), "-l", "info");
        using (host)
        {
            await using var client = await RawHttpClient.ConnectAsync(port);
            client.Timeout = TransferTimeout;
            client.MaxStoredBodyBytes = 0;
            // A small exchange first, so the baseline includes the data path's first use (JIT, pools, member connection).
            Assert.Equal(200, (await client.SendAndReadAsync(RawRequest.Get("svc.example", "/small"))).StatusCode);
            var before = host.ResidentBytes();

            var response = await client.SendAndReadAsync(RawRequest.Get("svc.example", "/large"));

            Assert.Equal(Length, response.BodyLength);
            Assert.Equal(BodyPattern.Sha256Hex(Length), response.BodySha256);
            var after = host.ResidentBytes();
            var growth = after.Peak - before.Current;
            Assert.True(growth < MaxGrowth,
                "peak resident set grew by " + (growth >> 20) + " MiB relaying a " + (Length >> 20) + " MiB body (from " + (before.Current >> 20) + " MiB)");
        }
    }

    public void Dispose() => _directory.Dispose();

    private static string Config(int listenPort, int memberPort) =>
        "proxy:\n  listen:\n    address: \"127.0.0.1\"\n    port: " + listenPort + "\n  services:\n    - name: svc\n      domain: svc.example\n" +
        "      hosts:\n        - address: \"127.0.0.1\"\n          port: " + memberPort + "\n";
}
