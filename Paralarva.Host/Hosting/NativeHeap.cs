using System.Runtime.InteropServices;

namespace Paralarva.Host.Hosting;

/// <summary>
/// glibc's <c>malloc_trim</c>: gives the free pages inside the C heap back to the system. glibc returns freed memory
/// only from the top of its heap on its own, so what the runtime frees below a live allocation stays resident.
/// </summary>
internal static class NativeHeap
{
    /// <summary>
    /// Trims every arena of the C heap. <paramref name="released"/>: whether any memory went back. False when the C
    /// library has no <c>malloc_trim</c> (musl, macOS, Windows): there is nothing to do there.
    /// </summary>
    public static bool TryTrim(out bool released)
    {
        released = false;
        if (!OperatingSystem.IsLinux())
            return false;
        try
        {
            released = MallocTrim(0) != 0;
            return true;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    [DllImport("libc", EntryPoint = "malloc_trim")]
    private static extern int MallocTrim(nuint pad);
}
