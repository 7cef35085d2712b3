namespace Paralarva.Actors.Admission;

/// <summary>
/// One client connection as its services' admission policies see it: its address as a key, computed once per
/// connection; the slot of a service's concurrent-request limit that the request being served holds until it ends;
/// and the <c>reason</c> label of a refused request, for its metrics record.
/// </summary>
internal sealed class ConnectionAdmission(UInt128 clientKey)
{
    /// <summary>Where this request holds a slot of its service's concurrent-request limit, until it ends.</summary>
    private ConcurrencyTable? _held;

    private string? _rejection;

    /// <summary>Checks a routed request against its service's policy (none: admitted).</summary>
    public AdmissionVerdict Admit(ServiceAdmission? service, long now, out int retryAfterSeconds)
    {
        retryAfterSeconds = 0;
        if (service is null)
            return AdmissionVerdict.Admitted;
        var verdict = service.Admit(clientKey, now, out retryAfterSeconds, out _held);
        if (verdict != AdmissionVerdict.Admitted)
            _rejection = RejectionReasons.Of(verdict);
        return verdict;
    }

    /// <summary>The request ended (answered, failed or the connection closed): its concurrent-request slot is free.</summary>
    public void Release()
    {
        _held?.Release(clientKey);
        _held = null;
    }

    /// <summary>The refused request's <c>reason</c> label, once: the next request starts without one.</summary>
    public string? TakeRejection()
    {
        var rejection = _rejection;
        _rejection = null;
        return rejection;
    }
}
