namespace Paralarva.Actors.Admission;

/// <summary>The <c>reason</c> label of <c>paralarva_requests_rejected_total</c>, one constant string per verdict.</summary>
internal static class RejectionReasons
{
    public const string Denied = "denied";
    public const string RateLimited = "rate_limited";
    public const string TooManyConnections = "too_many_connections";

    public static string? Of(AdmissionVerdict verdict) => verdict switch
    {
        AdmissionVerdict.Denied => Denied,
        AdmissionVerdict.RateLimited => RateLimited,
        AdmissionVerdict.TooManyConnections => TooManyConnections,
        _ => null,
    };
}
