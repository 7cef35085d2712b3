namespace Paralarva.Actors.Admission;

/// <summary>What <see cref="ServiceAdmission.Admit"/> decided for one request.</summary>
internal enum AdmissionVerdict : byte
{
    Admitted = 0,
    /// <summary>Refused by <c>deny</c>, or not on a non-empty <c>allow</c> list: 403.</summary>
    Denied,
    /// <summary>The client's token bucket is empty: 429 with Retry-After.</summary>
    RateLimited,
    /// <summary>The client already has <c>max_connections_per_client</c> requests in progress: 429.</summary>
    TooManyConnections,
}
