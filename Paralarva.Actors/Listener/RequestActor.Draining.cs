using Akka.Actor;
using Akka.Event;
using Akka.IO;

namespace Paralarva.Actors.Listener;

/// <summary>
/// Graceful shutdown as one connection sees it. <see cref="DrainMessages.DrainConnection"/> closes an idle
/// keep-alive connection at once (RFC 9112 section 9.6: a server may close an idle connection, and clients retry
/// requests that raced with such a close). A connection with work in hand finishes it: its response carries
/// <c>Connection: close</c> if its head has not left yet, and the connection closes after the response in any case.
/// A connection that has not sent its first request yet is served once, with <c>Connection: close</c>: it was
/// accepted a moment ago, and a client does not retry a request lost on a brand-new connection. A tunnel has no
/// way to be told to end: it runs until it closes or the drain timeout aborts it.
/// The two messages are handled before the phase sees them, whatever the phase: no phase needs to know them.
/// </summary>
internal sealed partial class RequestActor
{
    private bool _draining;

    protected override bool AroundReceive(Receive receive, object message)
    {
        switch (message)
        {
            case DrainMessages.DrainConnection:
                OnDrain(receive);
                return true;
            case DrainMessages.AbortConnection:
                _log.Debug("Drain timeout: aborting a client connection");
                RecordTunnelIfOpen();
                _client.Tell(Tcp.Abort.Instance);
                Context.Stop(Self);
                return true;
            default:
                return base.AroundReceive(receive, message);
        }
    }

    private void OnDrain(Receive phase)
    {
        _draining = true;
        // Only the keep-alive phase is the _readingHead delegate: a fresh connection is still in Receive.
        var idleKeepAlive = ReferenceEquals(phase, _readingHead) && _input.IsEmpty && (_requestHeadBuffer?.IsEmpty ?? true);
        if (idleKeepAlive)
            CloseClient();
    }
}
