using System.Globalization;
using System.Runtime.InteropServices;
using Paralarva.Host.Hosting;

namespace Paralarva.Tests.Hosting;

/// <summary>
/// glibc keeps freed memory below a live allocation resident; a trim gives it back. The memory is the C heap's
/// (<see cref="Marshal.AllocHGlobal(int)"/> is malloc), its residency read from /proc/self/smaps.
/// </summary>
public sealed class NativeHeapTests
{
    private const int BlockBytes = 32 * 1024;
    private const int Blocks = 512;
    private const int PageBytes = 4096;

    [Fact]
    public void TryTrim_FreedBlocksBelowALiveOne_GoBackToTheSystem()
    {
        var blocks = new IntPtr[Blocks];
        try
        {
            for (var i = 0; i < Blocks; i++)
            {
                blocks[i] = Marshal.AllocHGlobal(BlockBytes);
                for (var offset = 0; offset < BlockBytes; offset += PageBytes)
                    Marshal.WriteByte(blocks[i], offset, 1);
            }

            // The last block stays: everything freed lies below it, where glibc does not trim by itself.
            for (var i = 0; i < Blocks - 1; i++)
            {
                Marshal.FreeHGlobal(blocks[i]);
                blocks[i] = IntPtr.Zero;
            }

            var before = ResidentKiBOfMappingAt(blocks[Blocks - 1]);
            Assert.True(NativeHeap.TryTrim(out var released));
            var after = ResidentKiBOfMappingAt(blocks[Blocks - 1]);

            Assert.True(released);
            // 16 MiB were freed; at least half of it must have left (other threads may share the arena).
            Assert.True(before - after >= Blocks * BlockBytes / 1024 / 2, $"resident {before} KiB before the trim, {after} KiB after");
        }
        finally
        {
            foreach (var block in blocks)
            {
                if (block != IntPtr.Zero)
                    Marshal.FreeHGlobal(block);
            }
        }
    }

    /// <summary>The Rss of the /proc/self/smaps mapping that holds <paramref name="address"/>.</summary>
    private static long ResidentKiBOfMappingAt(IntPtr address)
    {
        var target = (ulong)address.ToInt64();
        var inside = false;
        foreach (var line in File.ReadLines("/proc/self/smaps"))
        {
            var token = line.AsSpan(0, line.IndexOf(' '));
            if (!token.EndsWith(":"))
            {
                // A mapping's first line: "start-end perms offset device inode [path]".
                var dash = token.IndexOf('-');
                var start = ulong.Parse(token[..dash], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                var end = ulong.Parse(token[(dash + 1)..], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                inside = target >= start && target < end;
            }
            else if (inside && token.SequenceEqual("Rss:"))
            {
                return long.Parse(line.AsSpan(token.Length).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture);
            }
        }

        throw new InvalidOperationException($"no mapping holds 0x{target:x}");
    }
}
