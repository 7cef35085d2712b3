namespace Paralarva.Host.Hosting;

/// <summary>
/// All Akka and Akka.IO tuning in one place. Change only with a benchmark table (bench/README.md).
/// <list type="bullet">
/// <item>Actors run on their own threads, one per core (Akka's fork-join executor), not on the .NET thread
/// pool: every request is some twenty hand-offs between actors, and on the shared pool each hand-off also
/// competes with socket completions and may wake a parked worker. Measured on 2 cores: about 10% less CPU
/// per small request and a lower p99. Nothing in the actor system blocks, so one thread per core suffices.</item>
/// <item>64 KiB frames measured 2-3x faster than the 4 KiB default on loopback, and Akka.IO refuses to
/// start unless the socket buffers are at least twice the frame size.</item>
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
            maximum-frame-size = 64k
            send-buffer-size = 128k
            receive-buffer-size = 128k
          }
        }
        """;
}
