namespace Paralarva.Host.Hosting;

/// <summary>
/// All Akka and Akka.IO tuning in one place. Change only with a benchmark table (bench/README.md).
/// <list type="bullet">
/// <item>Actors run on their own threads, one per core (Akka's fork-join executor), not on the .NET thread
/// pool: every request is a chain of hand-offs between actors (six messages per keep-alive GET), and on the shared pool each hand-off also
/// competes with socket completions and may wake a parked worker. Measured on 2 cores: about 10% less CPU
/// per small request and a lower p99. Nothing in the actor system blocks, so one thread per core suffices.</item>
/// <item>128 KiB frames (Akka.IO refuses to start unless the socket buffers are at least twice the frame size).
/// Akka.IO now carries only the client side: responses come from the proxy's own member sockets and are written
/// to the client as the pooled buffers they were read into, so the frame size is the client connection's receive
/// buffer, rented for its whole life. At 128 KiB that buffer is a large-object-heap array, never moved by the GC,
/// with only its touched pages resident: 21 KiB per idle keep-alive connection against 36 KiB with 64 KiB frames
/// and 34 KiB with 16 KiB ones (5,000 connections, bench/extra.sh idle, 2026-12-02). The cost, a large-object
/// copy for a client read over 85,000 bytes, falls on big uploads only.</item>
/// </list>
/// </summary>
internal static class AkkaTuning
{
    public const string Hocon = """
        akka {
          actor.default-dispatcher {
            executor = fork-join-executor
            fork-join-executor {
              parallelism-min = 1
              parallelism-factor = 1.0
              parallelism-max = 64
            }
          }
          io.tcp {
            maximum-frame-size = 128k
            send-buffer-size = 256k
            receive-buffer-size = 256k
          }
        }
        """;
}
