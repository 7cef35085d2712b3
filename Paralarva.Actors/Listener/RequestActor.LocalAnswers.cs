using Akka.IO;
using Paralarva.Actors.Http;

namespace Paralarva.Actors.Listener;

/// <summary>
/// Answers the proxy gives itself to a well-formed request it will not forward (403 and 429 of the admission policy,
/// 404 for a path no service takes). As nginx does after its own 403/404/429, the connection stays open for the next
/// request when this one had no body or its whole body had already arrived; otherwise it closes after the answer
/// rather than read a body nobody wants. A malformed request never comes here: it is answered and closed
/// (<see cref="RejectRequest"/>).
/// </summary>
internal sealed partial class RequestActor
{
    /// <summary>True when the connection can go on after a local answer; drops the request's received body if so.</summary>
    private bool CanKeepAliveAfterLocalAnswer() =>
        // An HTTP/1.0 client gets a close: the canned answers carry no Connection: keep-alive.
        !_draining && _request.KeepAlive && _request.IsHttp11 && SkipReceivedBody();

    /// <param name="answer">Carries <c>Connection: close</c> exactly when <paramref name="keepAlive"/> is false.</param>
    private void SendLocalAnswer(int status, bool keepAlive, ByteString answer)
    {
        _exchange.RequestComplete = keepAlive;
        _exchange.CloseAfterResponse = !keepAlive;
        _exchange.Status = status;
        _exchange.ResponseHeadDone = true;
        _exchange.ResponseComplete = true;
        WriteToClient(_request.Method == HttpMethodKind.Head ? ProxyErrors.WithoutBody(answer) : answer);
        Become(_exchanging);
    }

    private void AnswerNoPathRoute()
    {
        RecordError(ProxyError.NoPathRoute);
        var keepAlive = CanKeepAliveAfterLocalAnswer();
        SendLocalAnswer(404, keepAlive, keepAlive ? ProxyErrors.NotFoundKeepAlive : ProxyErrors.Response(ProxyError.NoPathRoute));
    }

    /// <summary>
    /// Drops the answered request's body when all of it is already here, so the next request can be read; false when
    /// some is still to come (or chunked): the connection then closes after the answer rather than read it.
    /// </summary>
    private bool SkipReceivedBody()
    {
        switch (_request.Framing)
        {
            case BodyFraming.None:
                return true;
            case BodyFraming.ContentLength when _request.ContentLength <= _input.Count:
                _input = _input.Slice((int)_request.ContentLength);
                return true;
            default:
                return false;
        }
    }
}
