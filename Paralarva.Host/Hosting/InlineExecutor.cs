using Akka.Configuration;
using Akka.Dispatch;

namespace Paralarva.Host.Hosting;

/// <summary>
/// Runs an actor's mailbox on the thread that made it runnable, instead of waking a dispatcher thread for it.
/// </summary>
/// <remarks>
/// A keep-alive GET is a chain of hand-offs (a socket completion tells the client connection actor, which tells the
/// RequestActor, which writes to the member socket; the member's completion tells the RequestActor, which tells the
/// client connection actor), and on a pool of dispatcher threads each hand-off wakes a parked thread: profiling
/// found those context switches to be the largest cost of a small request. Here the chain runs where it starts,
/// on the socket engine's thread (socket completions run inline, see <see cref="SocketTuning"/>), as an event loop
/// like nginx's would.
/// <para>
/// A thread runs one mailbox at a time: a mailbox made runnable while another runs on the same thread waits in that
/// thread's queue until the running one returns (a trampoline), so stacks stay flat and no actor runs inside
/// another's turn. A thread that has run <see cref="Budget"/> mailboxes in one go hands the rest of its queue to
/// the .NET thread pool, so a long chain (a large body relayed while the member keeps up) cannot hold the socket
/// engine's thread from the other connections' events.
/// </para>
/// Nothing in the actor system blocks (house rule), which is what makes running actors on a socket thread safe. It
/// also matters more here: an actor that waited for another actor's answer would wait for ever, the other one being
/// queued behind its own turn on the same thread (why the host, not the ProxyActor, makes Akka.Streams' materializer,
/// whose first use from inside an actor waits on an <c>Ask</c>).
/// </remarks>
internal sealed class InlineExecutor : ExecutorService
{
    /// <summary>Mailbox runs one thread does in one go before handing the rest to the thread pool.</summary>
    public const int Budget = 64;

    [ThreadStatic] private static Trampoline? _trampoline;

    public InlineExecutor(string id) : base(id)
    {
    }

    public override void Execute(IRunnable run) => RunHere(run);

    public override void Shutdown()
    {
    }

    private static void RunHere(IRunnable run)
    {
        var trampoline = _trampoline ??= new Trampoline();
        if (trampoline.Running)
            trampoline.Queue.Enqueue(run);
        else
            trampoline.Run(run);
    }

    private sealed class Trampoline
    {
        public readonly Queue<IRunnable> Queue = new();
        public bool Running;

        public void Run(IRunnable first)
        {
            Running = true;
            try
            {
                first.Run();
                for (var done = 1; Queue.TryDequeue(out var next); done++)
                {
                    if (done == Budget)
                    {
                        HandOff(next);
                        return;
                    }

                    next.Run();
                }
            }
            finally
            {
                Running = false;
            }
        }

        /// <summary>The rest of this thread's queue continues on a thread-pool thread, in the same order.</summary>
        private void HandOff(IRunnable next)
        {
            var rest = new Queue<IRunnable>(Queue.Count + 1);
            rest.Enqueue(next);
            while (Queue.TryDequeue(out var run))
                rest.Enqueue(run);
            ThreadPool.UnsafeQueueUserWorkItem(static queue =>
            {
                while (queue.TryDequeue(out var run))
                    RunHere(run);
            }, rest, preferLocal: false);
        }
    }
}

/// <summary>Akka's hook for <see cref="InlineExecutor"/>: <c>executor = "…InlineExecutorConfigurator, Paralarva.Host"</c>.</summary>
internal sealed class InlineExecutorConfigurator : ExecutorServiceConfigurator
{
    public InlineExecutorConfigurator(Config config, IDispatcherPrerequisites prerequisites)
        : base(config, prerequisites)
    {
    }

    public override ExecutorService Produce(string id) => new InlineExecutor(id);
}
