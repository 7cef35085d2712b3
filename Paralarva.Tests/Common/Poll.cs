using System.Diagnostics;

namespace Paralarva.Tests.Common;

/// <summary>
/// The one polling helper, for state that gives no signal of its own (a line in /metrics or a log, a child
/// process's port). Every poll is bounded twice, in time and in attempts, and says what it waited for when it
/// gives up. Polling observes; it never stands in for synchronisation the code under test offers (TestKit
/// probes, <see cref="CountWaiter"/>, gates).
/// </summary>
public static class Poll
{
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromMilliseconds(50);

    /// <summary>Upper bound on attempts whatever the timeout: a poll can never spin for ever.</summary>
    public const int MaxAttempts = 5_000;

    /// <summary>Runs <paramref name="condition"/> until it holds; throws a <see cref="TimeoutException"/> naming <paramref name="what"/> otherwise.</summary>
    /// <param name="giveUp">Checked after each failed attempt: a reason to stop at once (a child process exited), or null.</param>
    public static async Task UntilAsync(
        Func<Task<bool>> condition, string what, TimeSpan timeout, TimeSpan? interval = null, Func<string?>? giveUp = null)
    {
        var outcome = await TryUntilAsync(condition, timeout, interval, giveUp).ConfigureAwait(false);
        if (outcome is not null)
            throw new TimeoutException("waited for " + what + ": " + outcome);
    }

    public static Task UntilAsync(Func<bool> condition, string what, TimeSpan timeout, TimeSpan? interval = null, Func<string?>? giveUp = null) =>
        UntilAsync(() => Task.FromResult(condition()), what, timeout, interval, giveUp);

    /// <summary>Like <see cref="UntilAsync(Func{Task{bool}}, string, TimeSpan, TimeSpan?, Func{string?})"/>, but returns false instead of throwing.</summary>
    public static async Task<bool> TryAsync(Func<Task<bool>> condition, TimeSpan timeout, TimeSpan? interval = null, Func<string?>? giveUp = null) =>
        await TryUntilAsync(condition, timeout, interval, giveUp).ConfigureAwait(false) is null;

    /// <summary>Runs <paramref name="probe"/> until it returns a value, and returns it.</summary>
    public static async Task<T> ForValueAsync<T>(
        Func<Task<T?>> probe, string what, TimeSpan timeout, TimeSpan? interval = null, Func<string?>? giveUp = null)
        where T : class
    {
        T? value = null;
        await UntilAsync(async () => (value = await probe().ConfigureAwait(false)) is not null, what, timeout, interval, giveUp)
            .ConfigureAwait(false);
        return value!;
    }

    /// <summary>
    /// AwaitAssert for tests without a TestKit: runs <paramref name="assertion"/> until it passes, and rethrows its
    /// last failure when the bounds are spent, so the message is the assertion's own.
    /// </summary>
    public static async Task AssertAsync(Func<Task> assertion, TimeSpan timeout, TimeSpan? interval = null)
    {
        var clock = Stopwatch.StartNew();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await assertion().ConfigureAwait(false);
                return;
            }
            catch (Xunit.Sdk.XunitException) when (attempt < MaxAttempts && clock.Elapsed < timeout)
            {
                await Task.Delay(interval ?? DefaultInterval).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Null when the condition held; otherwise why it is given up.</summary>
    private static async Task<string?> TryUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, TimeSpan? interval, Func<string?>? giveUp)
    {
        var clock = Stopwatch.StartNew();
        for (var attempt = 1; ; attempt++)
        {
            if (await condition().ConfigureAwait(false))
                return null;
            if (giveUp?.Invoke() is { } reason)
                return reason;
            if (clock.Elapsed >= timeout)
                return "not within " + timeout.TotalSeconds + " s (" + attempt + " attempts)";
            if (attempt >= MaxAttempts)
                return "not within " + attempt + " attempts";
            await Task.Delay(interval ?? DefaultInterval).ConfigureAwait(false);
        }
    }
}
