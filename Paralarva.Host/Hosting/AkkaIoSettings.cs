namespace Paralarva.Host.Hosting;

/// <summary>
/// All Akka.IO tuning in one place. Change only with a benchmark table (bench/README.md):
/// 64 KiB frames measured 2-3x faster than the 4 KiB default on loopback, and Akka.IO refuses to
/// start unless the socket buffers are at least twice the frame size.
/// </summary>
internal static class AkkaIoSettings
{
    public const string Hocon = """
        akka {
          io.tcp {
            maximum-frame-size = 64k
            send-buffer-size = 128k
            receive-buffer-size = 128k
          }
        }
        """;
}
