namespace Paralarva.Actors.Listener;

/// <summary>
/// The member's deadline (the command line's <c>--timeout</c>): from the lease request, and again from each write
/// to the member, until its first response byte. One <see cref="LazyDeadline"/> serves every request of a
/// keep-alive connection.
/// </summary>
internal sealed partial class RequestActor
{
    private sealed class ResponseTimedOut
    {
        public static readonly ResponseTimedOut Instance = new();
        private ResponseTimedOut() { }
    }

    private void StartResponseDeadline() => _responseDeadline.Set(_context.Options.Timeout);

    private void StopResponseDeadline() => _responseDeadline.Clear();

    /// <summary>
    /// Every phase calls this when <see cref="ResponseTimedOut"/> arrives (timer messages reach the phase directly,
    /// not through AroundReceive): true when the deadline has passed and the phase must act on it.
    /// </summary>
    private bool ResponseDeadlineReached() => _responseDeadline.Fired();
}
