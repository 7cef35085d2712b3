namespace Paralarva.Host.Hosting;

/// <summary>
/// Socket completions run on the epoll thread that saw them (<c>DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1</c>)
/// instead of being queued to the thread pool. Every completion in the proxy only posts a message to an actor
/// (the member sockets' and Akka.IO's alike), so nothing slow runs there, and each request saves the wake-ups of
/// pool threads that profiling found to be the largest cost on small requests. Alternating runs on 2 cores
/// (bench/README.md, 2026-12-02): CPU per small request 72 → 58 µs, per 1 MiB response 1,328 → 1,057 µs (medians of 3).
/// The runtime reads the variable once, when the first socket is created, so this runs first in Main; a value the
/// operator set (0 to turn it off) is kept.
/// </summary>
internal static class SocketTuning
{
    public const string InlineCompletionsVariable = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";

    public static void Apply()
    {
        if (Environment.GetEnvironmentVariable(InlineCompletionsVariable) is null)
            Environment.SetEnvironmentVariable(InlineCompletionsVariable, "1");
    }
}
