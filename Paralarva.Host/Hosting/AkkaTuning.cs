namespace Paralarva.Host.Hosting;

/// <summary>
/// All Akka and Akka.IO tuning in one place. Change only with a benchmark table (bench/README.md).
/// <list type="bullet">
/// <item>Actors run where their message comes from (<see cref="InlineExecutor"/>): a socket completion, which already
/// runs on the socket engine's thread (<see cref="SocketTuning"/>), carries the whole chain of a request on that
/// thread (client connection actor, RequestActor, member socket write; then member completion, RequestActor,
/// client write) instead of waking a dispatcher thread at each of its six hand-offs. Alternating runs on 2 cores
/// (bench/README.md, 2026-12-06): CPU per small request −20%, per 1 MiB response −23%, requests/s +15%, against
/// Akka's fork-join executor. Nothing in the actor system blocks, which is what makes this safe. The loggers and
/// Akka.Streams (the access log's file writer) stay on Akka's internal fork-join dispatcher: their console and
/// file writes may wait, and must not do so on a socket thread.</item>
/// <item>128 KiB frames (Akka.IO refuses to start unless the socket buffers are at least twice the frame size).
/// Akka.IO now carries only the client side: responses come from the proxy's own member sockets and are written
/// to the client as the pooled buffers they were read into, so the frame size is the client connection's receive
/// buffer, rented for its whole life. At 128 KiB that buffer is a large-object-heap array, never moved by the GC,
/// with only its touched pages resident: 21 KiB per idle keep-alive connection against 36 KiB with 64 KiB frames
/// and 34 KiB with 16 KiB ones (5,000 connections, bench/extra.sh idle, 2026-12-02). The cost, a large-object
/// copy for a client read over 85,000 bytes, falls on big uploads only.</item>
/// <item>Unbounded mailboxes keep their queue in a small ring (<see cref="CompactMailbox"/>) instead of Akka's
/// <c>ConcurrentQueue</c>, whose first segment is about 1 KB per actor: two such per client connection.</item>
/// </list>
/// </summary>
internal static class AkkaTuning
{
    public const string Hocon = """
        akka {
          actor.default-dispatcher {
            executor = "Paralarva.Host.Hosting.InlineExecutorConfigurator, Paralarva.Host"
          }
          actor.default-mailbox.mailbox-type = "Paralarva.Host.Hosting.CompactMailbox, Paralarva.Host"
          actor.mailbox.unbounded-queue-based.mailbox-type = "Paralarva.Host.Hosting.CompactMailbox, Paralarva.Host"
          loggers-dispatcher = "akka.actor.internal-dispatcher"
          stream.materializer.dispatcher = "akka.actor.internal-dispatcher"
          io.tcp {
            maximum-frame-size = 128k
            send-buffer-size = 256k
            receive-buffer-size = 256k
          }
        }
        """;
}
