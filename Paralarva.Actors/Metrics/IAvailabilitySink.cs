namespace Paralarva.Actors.Metrics;

/// <summary>Where <see cref="AvailabilityTracker"/> adds available seconds: the counters, or a test's list.</summary>
internal interface IAvailabilitySink
{
    void AddMemberSeconds(string service, string member, double seconds);

    void AddServiceSeconds(string service, double seconds);
}
