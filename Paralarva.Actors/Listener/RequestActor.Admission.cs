using Paralarva.Actors.Admission;
using Paralarva.Actors.Http;

namespace Paralarva.Actors.Listener;

/// <summary>
/// The service's admission policy (Admission/): once a request is routed, its client address is checked against the
/// access lists, the concurrent-request limit and the token bucket, and a refused request is answered 403 or 429
/// (with Retry-After) by the proxy, the connection kept as <see cref="SendLocalAnswer"/> says.
/// </summary>
internal sealed partial class RequestActor
{
    /// <summary>The client's address as an admission key, computed once per connection.</summary>
    private readonly UInt128 _clientKey;

    /// <summary>Where this request holds a slot of its service's concurrent-request limit, until it ends.</summary>
    private ConcurrencyTable? _admissionHeld;

    /// <summary>The <c>reason</c> label of a refused request, for its metrics record.</summary>
    private string? _rejection;

    /// <summary>True when the routed request may go on; else it has been answered.</summary>
    private bool Admit()
    {
        var admission = _exchange.Route!.Admission;
        if (admission is null)
            return true;
        var verdict = admission.Admit(_clientKey, _exchange.Start, out var retryAfter, out _admissionHeld);
        if (verdict == AdmissionVerdict.Admitted)
            return true;
        AnswerRefusal(verdict, retryAfter);
        return false;
    }

    private void AnswerRefusal(AdmissionVerdict verdict, int retryAfterSeconds)
    {
        _rejection = RejectionReasons.Of(verdict);
        var keepAlive = CanKeepAliveAfterLocalAnswer();
        SendLocalAnswer(verdict == AdmissionVerdict.Denied ? 403 : 429, keepAlive, verdict == AdmissionVerdict.Denied
            ? AdmissionResponses.Forbidden(keepAlive)
            : AdmissionResponses.TooManyRequests(retryAfterSeconds, keepAlive));
    }

    /// <summary>The request ended (answered, failed or the connection closed): its concurrent-request slot is free.</summary>
    private void ReleaseAdmission()
    {
        _admissionHeld?.Release(_clientKey);
        _admissionHeld = null;
    }

    private string? TakeRejection()
    {
        var rejection = _rejection;
        _rejection = null;
        return rejection;
    }
}
