using System.Diagnostics;
using Akka.Actor;
using Akka.Event;
using Akka.IO;
using Paralarva.Actors.Balancing;
using Paralarva.Actors.Health;
using Paralarva.Actors.Http;
using Paralarva.Actors.Metrics;

namespace Paralarva.Actors.Listener;

/// <summary>
/// Phase 4 and how an exchange ends: finished (the member connection given back, the record made, then the next request,
/// the rest of a body the member did not wait for, or a close), failed (an error answer or an abort), and closing or aborting the client connection.
/// </summary>
internal sealed partial class RequestActor
{
    /// <summary>How long a closing connection is drained so that its last response is not reset away.</summary>
    private static readonly TimeSpan LingerTimeout = TimeSpan.FromSeconds(5);

    private sealed class LingerTimedOut : SelfTimer;

    /// <summary>The lingering close's timer, cancelled if the actor stops first.</summary>
    private LingerTimedOut? _linger;

    private bool Closing(object message)
    {
        switch (message)
        {
            // Lingering close: keep reading and dropping what the client still sends until it closes,
            // or the kernel would answer those bytes with a reset that can destroy our last response.
            case Tcp.Received:
                _client.Tell(Tcp.ResumeReading.Instance);
                return true;
            case Tcp.ConnectionClosed or LingerTimedOut:
                Context.Stop(Self);
                return true;
            case ExchangeRecorder.BatchDue:
                _recorder.OnBatchDue();
                return true;
            case BalancerMessages.ConnectionLeased leased:
                ReleaseStale(leased.Connection);
                return true;
            default:
                return true;
        }
    }

    /// <summary>
    /// Ends the exchange once the response is complete and the client acknowledged all of it; the phase calls it after
    /// each step that may have been the last. A kept connection then goes back to reading heads.
    /// </summary>
    private void TryFinishExchange()
    {
        if (!Parts.Exchange.ResponseComplete || _clientWritesPending > 0)
            return;
        // The member answered before its socket acknowledged the request's last write: wait for that
        // ack (it is on its way) rather than give up a healthy keep-alive connection.
        if (Parts.Exchange.MemberWritePending && Parts.Exchange.RequestComplete && !Parts.Exchange.MemberBroken)
            return;

        _deadlines.StopResponse();
        var memberName = Parts.Exchange.FailedMember;
        UpstreamCompleted? upstream = null;
        if (Parts.Exchange.Lease is not null)
        {
            var reusable = !Parts.Exchange.MemberBroken && Parts.Response.KeepAlive && Parts.Exchange.RequestComplete && !Parts.Exchange.MemberWritePending;
            memberName = ReleaseLease(reusable, Parts.Exchange.Status >= 500 ? ExchangeOutcome.ServerError : ExchangeOutcome.Success);
            upstream = Parts.Exchange.Upstream(memberName, Stopwatch.GetTimestamp());
        }

        RecordExchange(memberName, upstream);
        if (Parts.Exchange.CloseAfterResponse || _draining)
            CloseClient();
        else if (!Parts.Exchange.RequestComplete)
            DiscardRestOfRequestBody();
        else
            AwaitNextRequest();
    }

    /// <summary>The exchange failed: answer with an error if nothing of a response went out yet, else abort.</summary>
    private void FailExchange(ProxyError error)
    {
        var memberName = ReleaseLease(reusable: false, OutcomeOf(error));

        if (Parts.Exchange.ResponseHeadDone)
        {
            Log.Debug("Response from {0} broke off ({1}); aborting the client connection", Parts.Exchange.Route?.Service, error);
            _recorder.Error(Parts.Exchange, error);
            RecordExchange(memberName);
            AbortClient();
            return;
        }

        var keptAnswer = ProxyErrors.GatewayErrorKeepAlive(error);
        if (keptAnswer is not null && Parts.Exchange.RequestComplete && Parts.Request.KeepAlive && Parts.Request.IsHttp11 && !_draining)
        {
            // The whole request was read, so the connection can go on to the next one, as after nginx's and HAProxy's
            // own 502/503/504; the member connection is already given up, so nothing is waited for from it.
            _deadlines.StopResponse();
            _recorder.Error(Parts.Exchange, error);
            Parts.Exchange.FailedMember = memberName;
            Parts.Exchange.MemberBroken = true;
            Parts.Exchange.ResponseBodyBytes = 0;
            SendLocalAnswer(ProxyErrors.StatusCode(error), keepAlive: true, keptAnswer);
            return;
        }

        RejectRequest(error, memberName);
    }

    /// <summary>Answers with the proxy's own error page and closes the connection.</summary>
    private void RejectRequest(ProxyError error, string memberName = "")
    {
        Parts.Exchange.Status = ProxyErrors.StatusCode(error);
        Parts.Exchange.ResponseBodyBytes = 0;
        _recorder.Error(Parts.Exchange, error);
        RecordExchange(memberName);
        _client.Tell(Tcp.Write.Create(HttpDate.Stamp(ProxyErrors.Response(error))));
        CloseClient();
    }

    private void CloseClient()
    {
        _deadlines.StopResponse();
        _deadlines.ClearClient();
        if (_linger is null)
        {
            _linger = new LingerTimedOut();
            ((ISelfTimers)this).Schedule(LingerTimeout, _linger);
        }
        // ConfirmedClose sends FIN after the pending writes and waits for the client's own close.
        _client.Tell(Tcp.ConfirmedClose.Instance);
        _client.Tell(Tcp.ResumeReading.Instance);
        Become(Closing);
    }

    private void AbortClient()
    {
        _deadlines.StopResponse();
        _deadlines.ClearClient();
        _client.Tell(Tcp.Abort.Instance);
        Become(Closing);
    }

    /// <summary>What an exchange that failed with <paramref name="error"/> says about the member.</summary>
    private static ExchangeOutcome OutcomeOf(ProxyError error) => error switch
    {
        ProxyError.MemberReset => ExchangeOutcome.Reset,
        // The member answered, and its connection works: an invalid response counts as the 5xx the client gets, which
        // ejects only with consecutive_5xx (as nginx leaves invalid_header out of max_fails by default), so a client
        // cannot take a member out of service by asking for a response the proxy refuses to relay.
        ProxyError.BadResponse => ExchangeOutcome.ServerError,
        ProxyError.MemberTimeout => ExchangeOutcome.Timeout,
        _ => ExchangeOutcome.Unknown,
    };
}
