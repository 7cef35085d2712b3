using System.Runtime.CompilerServices;
using Akka.Actor;
using Paralarva.Host.Hosting;

namespace Paralarva.Tests.Hosting;

public sealed class CompactMessageQueueTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private readonly CompactMessageQueue _queue = new();

    [Fact]
    public void New_IsEmptyWithTheFirstRing()
    {
        Assert.False(_queue.HasMessages);
        Assert.Equal(0, _queue.Count);
        Assert.False(_queue.TryDequeue(out _));
        Assert.Equal(CompactMessageQueue.FirstCapacity, _queue.Capacity);
    }

    [Fact]
    public void BacklogWithinTheRing_ReusesItsSlotsLapAfterLap()
    {
        var next = 0;
        for (var lap = 0; lap < 100; lap++)
        {
            for (var i = 0; i < CompactMessageQueue.FirstCapacity; i++)
                Send(lap * CompactMessageQueue.FirstCapacity + i);
            for (var i = 0; i < CompactMessageQueue.FirstCapacity; i++)
                Assert.Equal(next++, Receive());
        }

        Assert.Equal(CompactMessageQueue.FirstCapacity, _queue.Capacity);
        Assert.False(_queue.HasMessages);
    }

    [Fact]
    public void BacklogBeyondTheRing_GrowsAndKeepsTheOrder()
    {
        const int backlog = 100;
        for (var i = 0; i < backlog; i++)
            Send(i);

        Assert.True(_queue.HasMessages);
        Assert.Equal(backlog, _queue.Count);
        // Rings of 4, 8, 16 and 32 slots hold the first 60; one of 64 the rest.
        Assert.Equal(64, _queue.Capacity);
        for (var i = 0; i < backlog; i++)
            Assert.Equal(i, Receive());
        Assert.False(_queue.HasMessages);
        Assert.Equal(0, _queue.Count);
        Assert.False(_queue.TryDequeue(out _));
    }

    [Fact]
    public void ReadingAcrossRings_WhileMoreArrives_KeepsTheOrder()
    {
        var sent = 0;
        var received = 0;
        for (var step = 0; step < 3_000; step++)
        {
            Send(sent++);
            Send(sent++);
            Assert.Equal(received++, Receive());
        }

        Assert.Equal(sent - received, _queue.Count);
        while (received < sent)
            Assert.Equal(received++, Receive());
        Assert.Equal(CompactMessageQueue.MaxCapacity, _queue.Capacity);
        Assert.False(_queue.HasMessages);
    }

    [Fact]
    public void CleanUp_MovesWhatIsLeftToDeadLettersInOrder()
    {
        var deadLetters = new CompactMessageQueue();
        for (var i = 0; i < 10; i++)
            Send(i);

        _queue.CleanUp(ActorRefs.Nobody, deadLetters);

        Assert.False(_queue.HasMessages);
        Assert.Equal(10, deadLetters.Count);
        for (var i = 0; i < 10; i++)
        {
            Assert.True(deadLetters.TryDequeue(out var envelope));
            Assert.Equal(i, envelope.Message);
        }
    }

    [Fact]
    public void Dequeued_SlotLetsGoOfTheMessage()
    {
        var message = SendUnreferenced();
        ReceiveAndForget();

        GC.Collect();
        GC.WaitForPendingFinalizers();

        Assert.False(message.IsAlive);
    }

    [Fact]
    public void ManySendersOneReader_NothingLostAndEachSendersOrderKept()
    {
        const int senders = 4;
        const int perSender = 20_000;
        var lastSeen = new int[senders];
        Array.Fill(lastSeen, -1);
        using var start = new Barrier(senders + 1);

        var sending = Enumerable.Range(0, senders).Select(sender => new Thread(() =>
        {
            start.SignalAndWait(Patience);
            for (var i = 0; i < perSender; i++)
                _queue.Enqueue(ActorRefs.Nobody, new Envelope((sender, i), ActorRefs.NoSender));
        })).ToArray();
        foreach (var thread in sending)
            thread.Start();

        start.SignalAndWait(Patience);
        var received = 0;
        var deadline = DateTime.UtcNow + Patience;
        while (received < senders * perSender && DateTime.UtcNow < deadline)
        {
            if (!_queue.TryDequeue(out var envelope))
            {
                Thread.Yield();
                continue;
            }

            var (sender, index) = ((int, int))envelope.Message;
            Assert.Equal(lastSeen[sender] + 1, index);
            lastSeen[sender] = index;
            received++;
        }

        Assert.All(sending, thread => Assert.True(thread.Join(Patience)));
        Assert.Equal(senders * perSender, received);
        Assert.All(lastSeen, last => Assert.Equal(perSender - 1, last));
        Assert.False(_queue.HasMessages);
    }

    private void Send(int message) => _queue.Enqueue(ActorRefs.Nobody, new Envelope(message, ActorRefs.NoSender));

    private int Receive()
    {
        Assert.True(_queue.TryDequeue(out var envelope));
        return (int)envelope.Message;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ReceiveAndForget() => Assert.True(_queue.TryDequeue(out _));

    [MethodImpl(MethodImplOptions.NoInlining)]
    private WeakReference SendUnreferenced()
    {
        var message = new object();
        _queue.Enqueue(ActorRefs.Nobody, new Envelope(message, ActorRefs.NoSender));
        return new WeakReference(message);
    }
}
