using System.Diagnostics;

namespace Paralarva.Tests.Common;

/// <summary>
/// AwaitAssert for tests without a TestKit: runs an assertion until it holds, bounded in attempts and
/// time, and rethrows the last failure when neither bound leaves room for another try.
/// </summary>
public static class Eventually
{
    public static async Task AssertAsync(Func<Task> assertion, TimeSpan deadline, TimeSpan? pause = null, int maxAttempts = 1000)
    {
        var clock = Stopwatch.StartNew();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await assertion().ConfigureAwait(false);
                return;
            }
            catch (Exception e) when (e is Xunit.Sdk.XunitException && attempt < maxAttempts && clock.Elapsed < deadline)
            {
                // Polling, not synchronisation: the next attempt observes the state again.
                await Task.Delay(pause ?? TimeSpan.FromMilliseconds(100)).ConfigureAwait(false);
            }
        }
    }
}
