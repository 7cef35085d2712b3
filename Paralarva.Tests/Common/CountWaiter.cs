namespace Paralarva.Tests.Common;

/// <summary>
/// A counter that tests can await: <see cref="WaitForAsync"/> completes when the count
/// reaches a target (TaskCompletionSource based, no polling), or throws a
/// <see cref="TimeoutException"/> that says what was expected and what was seen.
/// </summary>
public sealed class CountWaiter
{
    private readonly object _gate = new();
    private readonly List<(long Target, TaskCompletionSource Done)> _waiters = [];
    private readonly string _what;
    private long _count;

    public CountWaiter(string what) => _what = what;

    public long Count
    {
        get
        {
            lock (_gate)
            {
                return _count;
            }
        }
    }

    public long Increment()
    {
        List<TaskCompletionSource>? done = null;
        long count;
        lock (_gate)
        {
            count = ++_count;
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Target <= count)
                {
                    (done ??= []).Add(_waiters[i].Done);
                    _waiters.RemoveAt(i);
                }
            }
        }

        done?.ForEach(static tcs => tcs.TrySetResult());
        return count;
    }

    /// <summary>Completes once the count is at least <paramref name="target"/>.</summary>
    public async Task WaitForAsync(long target, TimeSpan timeout)
    {
        var entry = (target, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        lock (_gate)
        {
            if (_count >= target)
            {
                return;
            }

            _waiters.Add(entry);
        }

        try
        {
            await entry.Item2.Task.WaitAsync(timeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            lock (_gate)
            {
                _waiters.Remove(entry);
            }

            throw new TimeoutException($"waited {timeout.TotalSeconds:0.###} s for {target} {_what}, saw {Count}");
        }
    }
}
