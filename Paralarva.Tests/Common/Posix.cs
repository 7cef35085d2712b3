using System.ComponentModel;
using System.Runtime.InteropServices;

namespace Paralarva.Tests.Common;

/// <summary>The two libc calls reload tests need and .NET does not offer: rename(2) over a symbolic link, and kill(2).</summary>
internal static class Posix
{
    public const int SigHup = 1;

    /// <summary>Atomically replaces <paramref name="to"/> (even a symbolic link to a directory) with <paramref name="from"/>, as the kubelet does.</summary>
    public static void Rename(string from, string to)
    {
        if (NativeRename(from, to) != 0)
            throw new Win32Exception(Marshal.GetLastPInvokeError(), "rename " + from + " -> " + to);
    }

    /// <summary>Sends <paramref name="signal"/> to a child process (never to the test process itself).</summary>
    public static void Signal(int pid, int signal)
    {
        if (pid == Environment.ProcessId)
            throw new InvalidOperationException("refusing to signal the test process");
        if (NativeKill(pid, signal) != 0)
            throw new Win32Exception(Marshal.GetLastPInvokeError(), "kill " + pid);
    }

    // DllImport rather than LibraryImport: the generated marshalling needs unsafe code, off in this project.
    [DllImport("libc", EntryPoint = "rename", SetLastError = true)]
    private static extern int NativeRename([MarshalAs(UnmanagedType.LPUTF8Str)] string from, [MarshalAs(UnmanagedType.LPUTF8Str)] string to);

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int NativeKill(int pid, int signal);
}
