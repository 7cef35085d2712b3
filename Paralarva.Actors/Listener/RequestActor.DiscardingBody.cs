using Akka.IO;
using Paralarva.Actors.Http;

namespace Paralarva.Actors.Listener;

/// <summary>
/// Phase 3b: the member answered before the request body was all read (a 401, 413 or 417 to an upload). The response
/// went out without <c>Connection: close</c>; the rest of the body is read and dropped, and the connection then goes
/// on to the next request, as nginx does (RFC 9110 section 10.1.1 lets a server that answered early either close or
/// "continue reading and discarding the request content"). The member connection, which got only part of the body, is
/// already given up. A client that goes quiet for timeouts.body_idle, breaks the chunked framing or crosses
/// limits.max_request_body_bytes is closed: its answer is already out.
/// </summary>
internal sealed partial class RequestActor
{
    private bool DiscardingBody(object message)
    {
        switch (message)
        {
            case Tcp.Received received:
                _deadlines.ClearClient();
                DiscardRequestBody(received.Data);
                return true;
            case ConnectionDeadlines.Due due:
                if (_deadlines.Fired(due, out _) == ConnectionDeadlines.Passed.Client)
                    CloseClient();
                return true;
            default:
                return ReceiveAfterExchange(message);
        }
    }

    /// <summary>Starts dropping the rest of the body; body bytes already received but not forwarded go first.</summary>
    private void DiscardRestOfRequestBody()
    {
        Become(_discardingBody ??= DiscardingBody);
        if (_input.IsEmpty)
        {
            ReadClientBody();
            return;
        }

        var received = _input;
        _input = ByteString.Empty;
        DiscardRequestBody(received);
    }

    private void DiscardRequestBody(ByteString data)
    {
        Parts.RequestBody.Take(data, out _input, out var error);
        if (error != ProxyError.None)
            CloseClient();
        else if (Parts.Exchange.RequestComplete)
            AwaitNextRequest();
        else
            ReadClientBody();
    }
}
