using System.Diagnostics;
using Paralarva.Fuzz;
using Paralarva.Tests.Deployment;

namespace Paralarva.Tests.Fuzz;

/// <summary>
/// The fuzz targets of fuzz/ inside the suite, with their invariants (not only "no exception"): every seed of
/// fuzz/corpus and every crash ever found (fuzz/regressions, each once a crash of fuzz/run.sh) replays clean, and a
/// short bounded mutation run from the corpus, seeded so that a failure replays, finds nothing. AFL++'s own
/// coverage-guided runs are fuzz/run.sh's business: they need an instrumented build and minutes per target.
/// </summary>
public sealed class FuzzCorpusTests
{
    private const int MutationsPerTarget = 20_000;
    private const int MinimumMutations = 2_000;

    /// <summary>The loader parses YAML twice per input, about forty times slower than the HTTP targets.</summary>
    private const int ConfigMutations = 3_000;
    private const int ConfigMinimumMutations = 500;
    private static readonly TimeSpan MutationTimeBound = TimeSpan.FromSeconds(10);

    public static TheoryData<string> Targets => new(FuzzTargets.All.Keys);

    [Theory]
    [MemberData(nameof(Targets))]
    public void Corpus_EveryFileReplaysWithoutBreakingAnInvariant(string target)
    {
        var files = Files("fuzz/corpus/" + target).Concat(Files("fuzz/regressions/" + target)).ToList();
        Assert.True(files.Count >= 5, "the seed corpus of " + target + " has " + files.Count + " files");
        foreach (var file in files)
            Replay(target, File.ReadAllBytes(file), file);
    }

    [Theory]
    [MemberData(nameof(Targets))]
    public void BoundedMutationRun_FromTheCorpus_NoInvariantBroken(string target)
    {
        var seeds = Files("fuzz/corpus/" + target).Select(File.ReadAllBytes).ToArray();
        var random = new Random(target.Length * 7919);
        var clock = Stopwatch.StartNew();
        var runs = 0;
        var (count, minimum) = target == FuzzTargets.Config ? (ConfigMutations, ConfigMinimumMutations) : (MutationsPerTarget, MinimumMutations);
        for (; runs < count && clock.Elapsed < MutationTimeBound; runs++)
        {
            var input = Mutate(seeds[random.Next(seeds.Length)], seeds[random.Next(seeds.Length)], random);
            Replay(target, input, "mutation " + runs + " (seed " + (target.Length * 7919) + "): " + Convert.ToBase64String(input));
        }

        // A time bound alone could let a slow machine prove nothing.
        Assert.True(runs >= minimum, "only " + runs + " mutations of " + target + " ran within " + MutationTimeBound.TotalSeconds + " s");
    }

    [Fact]
    public void Targets_BrokenInvariant_IsReported()
    {
        // The harness must be able to fail: a head whose Host changes on the way is what the request target forbids.
        var violation = Assert.Throws<InvariantViolation>(() => FieldCheck.SameFields(
            [("Host", "a.example"), ("X-A", "1")], [("Host", "a.example"), ("X-A", "2")], ["Host"], "request"));
        Assert.Contains("X-A", violation.Message, StringComparison.Ordinal);
    }

    private static void Replay(string target, byte[] input, string what)
    {
        try
        {
            FuzzTargets.All[target](input);
        }
        catch (Exception e)
        {
            Assert.Fail(target + ": " + what + ": " + e);
        }
    }

    private static IEnumerable<string> Files(string relative)
    {
        var directory = RepositoryPaths.Of(relative);
        return Directory.Exists(directory)
            ? Directory.EnumerateFiles(directory).Where(f => !Path.GetFileName(f).StartsWith('.')).Order(StringComparer.Ordinal)
            : [];
    }

    /// <summary>AFL-like havoc: byte flips, interesting bytes, inserted and deleted runs, and splices of two seeds.</summary>
    private static byte[] Mutate(byte[] seed, byte[] other, Random random)
    {
        var bytes = new List<byte>(seed);
        var steps = 1 + random.Next(4);
        for (var i = 0; i < steps; i++)
        {
            var at = bytes.Count == 0 ? 0 : random.Next(bytes.Count);
            switch (random.Next(6))
            {
                case 0 when bytes.Count > 0:
                    bytes[at] ^= (byte)(1 << random.Next(8));
                    break;
                case 1 when bytes.Count > 0:
                    bytes[at] = "\0\r\n \t:;,\"=\\0fF9-"u8[random.Next(16)];
                    break;
                case 2:
                    bytes.InsertRange(at, other.Skip(random.Next(Math.Max(1, other.Length))).Take(1 + random.Next(16)));
                    break;
                case 3 when bytes.Count > 0:
                    bytes.RemoveRange(at, Math.Min(bytes.Count - at, 1 + random.Next(8)));
                    break;
                case 4:
                    bytes.InsertRange(at, Enumerable.Repeat("\r\n:0a "u8[random.Next(6)], 1 + random.Next(4)));
                    break;
                default:
                    var cut = random.Next(other.Length + 1);
                    bytes = [.. bytes.Take(at), .. other.Skip(cut)];
                    break;
            }
        }

        return [.. bytes];
    }
}
