using Akka.Actor;
using Akka.Configuration;
using Akka.Dispatch;
using Paralarva.Host.Hosting;

namespace Paralarva.Tests.Hosting;

public sealed class InlineExecutorTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly InlineExecutor _executor = new("test");

    [Fact]
    public void Execute_OutsideAnyRun_RunsOnTheCallingThreadBeforeReturning()
    {
        var ranOn = -1;

        _executor.Execute(new ActionRunnable(() => ranOn = Environment.CurrentManagedThreadId));

        Assert.Equal(Environment.CurrentManagedThreadId, ranOn);
    }

    [Fact]
    public void Execute_DuringARun_RunsAfterItOnTheSameThreadNotInsideIt()
    {
        var order = new List<string>();
        var innerThread = -1;

        _executor.Execute(new ActionRunnable(() =>
        {
            order.Add("outer starts");
            _executor.Execute(new ActionRunnable(() =>
            {
                order.Add("inner");
                innerThread = Environment.CurrentManagedThreadId;
            }));
            order.Add("outer ends");
        }));

        Assert.Equal(new[] { "outer starts", "outer ends", "inner" }, order);
        Assert.Equal(Environment.CurrentManagedThreadId, innerThread);
    }

    [Fact]
    public void Execute_ChainLongerThanTheBudget_TheRestRunsElsewhereInOrder()
    {
        const int total = InlineExecutor.Budget * 3;
        var threads = new int[total];
        var order = new List<int>();
        using var allRan = new CountdownEvent(total);

        void Step(int i)
        {
            threads[i] = Environment.CurrentManagedThreadId;
            lock (order)
                order.Add(i);
            if (i + 1 < total)
                _executor.Execute(new ActionRunnable(() => Step(i + 1)));
            allRan.Signal();
        }

        _executor.Execute(new ActionRunnable(() => Step(0)));

        Assert.True(allRan.Wait(Patience));
        Assert.Equal(Enumerable.Range(0, total), order);
        var caller = Environment.CurrentManagedThreadId;
        Assert.All(threads.Take(InlineExecutor.Budget), thread => Assert.Equal(caller, thread));
        Assert.NotEqual(caller, threads[InlineExecutor.Budget]);
    }

    [Fact]
    public async Task AkkaTuning_DefaultDispatcher_AnActorToldFromOutsideRunsOnTheTellingThread()
    {
        var system = ActorSystem.Create("inline", ConfigurationFactory.ParseString(AkkaTuning.Hocon));
        try
        {
            var seen = new ThreadRecorder();
            var actor = system.ActorOf(Props.Create(() => new ThreadRecordingActor(seen)));
            // The first message may wait for the actor's creation on another thread; the one after it may not.
            actor.Tell("warm-up");
            Assert.True(seen.FirstMessage.Wait(Patience));

            actor.Tell("measured");

            Assert.Equal(Environment.CurrentManagedThreadId, seen.LastThread);
        }
        finally
        {
            await system.Terminate();
        }
    }

    private sealed class ThreadRecorder
    {
        public readonly ManualResetEventSlim FirstMessage = new();
        public volatile int LastThread = -1;
    }

    private sealed class ThreadRecordingActor : ReceiveActor
    {
        public ThreadRecordingActor(ThreadRecorder seen) =>
            ReceiveAny(_ =>
            {
                seen.LastThread = Environment.CurrentManagedThreadId;
                seen.FirstMessage.Set();
            });
    }
}
