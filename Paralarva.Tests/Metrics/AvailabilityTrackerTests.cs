using Paralarva.Actors.Metrics;

namespace Paralarva.Tests.Metrics;

public sealed class AvailabilityTrackerTests
{
    private sealed class Sums : IAvailabilitySink
    {
        public Dictionary<string, double> Members { get; } = [];

        public Dictionary<string, double> Services { get; } = [];

        public void AddMemberSeconds(string service, string member, double seconds) =>
            Members[service + "/" + member] = Members.GetValueOrDefault(service + "/" + member) + seconds;

        public void AddServiceSeconds(string service, double seconds) =>
            Services[service] = Services.GetValueOrDefault(service) + seconds;
    }

    private readonly Sums _sums = new();
    private readonly AvailabilityTracker _tracker;

    public AvailabilityTrackerTests() => _tracker = new AvailabilityTracker(_sums);

    private static TimeSpan S(double seconds) => TimeSpan.FromSeconds(seconds);

    [Fact]
    public void Checked_OriginalReadmeExample_SixFailedMinuteChecksInAnHour_NinetyPercent()
    {
        // "We check a service every minute and 6 checks failed during the last hour ... availability at 90%."
        _tracker.Started("svc", "m", activelyChecked: true, S(0));
        _tracker.Checked("svc", "m", passed: true, S(0));
        for (var minute = 1; minute <= 60; minute++)
            _tracker.Checked("svc", "m", passed: minute is < 20 or > 25, S(minute * 60));

        Assert.Equal(3240, _sums.Members["svc/m"], 6);
        Assert.Equal(3240 / 3600.0, _sums.Services["svc"] / 3600, 6);
    }

    [Fact]
    public void Checked_FirstCheck_AddsNothing_ThenTheTimeSinceThePreviousCheckIfItPassed()
    {
        _tracker.Started("svc", "m", activelyChecked: true, S(0));

        _tracker.Checked("svc", "m", passed: true, S(2));
        Assert.Empty(_sums.Members);

        _tracker.Checked("svc", "m", passed: true, S(7));
        _tracker.Checked("svc", "m", passed: false, S(12));
        _tracker.Checked("svc", "m", passed: true, S(17.5));

        Assert.Equal(10.5, _sums.Members["svc/m"], 6);
        Assert.Equal(10.5, _sums.Services["svc"], 6);
    }

    [Fact]
    public void Checked_TwoMembers_ServiceAvailableWhileOnePassedItsLatestCheck()
    {
        _tracker.Started("svc", "a", activelyChecked: true, S(0));
        _tracker.Started("svc", "b", activelyChecked: true, S(0));

        // a fails from 10 s on; b keeps passing until it fails at 22 s.
        _tracker.Checked("svc", "a", passed: true, S(0));
        _tracker.Checked("svc", "b", passed: true, S(1));
        _tracker.Checked("svc", "a", passed: false, S(10));
        _tracker.Checked("svc", "b", passed: true, S(11));
        _tracker.Checked("svc", "a", passed: false, S(20));
        _tracker.Checked("svc", "b", passed: false, S(22));
        _tracker.Checked("svc", "a", passed: false, S(30));

        Assert.False(_sums.Members.ContainsKey("svc/a"));
        Assert.Equal(10, _sums.Members["svc/b"], 6);
        // Up to 20 s some member's latest check had passed; from there the failure at 22 s ends it.
        Assert.Equal(20, _sums.Services["svc"], 6);
    }

    [Fact]
    public void Checked_NoMemberEverPassed_ServiceNeverAvailable()
    {
        _tracker.Started("svc", "a", activelyChecked: true, S(0));
        for (var t = 0; t <= 30; t += 5)
            _tracker.Checked("svc", "a", passed: false, S(t));

        Assert.Empty(_sums.Members);
        Assert.Empty(_sums.Services);
    }

    [Fact]
    public void Passive_AvailableMembersAccountedAtEachTick()
    {
        _tracker.Started("svc", "a", activelyChecked: false, S(100));
        _tracker.Started("svc", "b", activelyChecked: false, S(100));

        _tracker.Tick(S(101));
        _tracker.Tick(S(102.5));

        Assert.Equal(2.5, _sums.Members["svc/a"], 6);
        Assert.Equal(2.5, _sums.Members["svc/b"], 6);
        Assert.Equal(2.5, _sums.Services["svc"], 6);
    }

    [Fact]
    public void Passive_UnavailableMember_StopsCountingFromItsChange_ServiceWhileAnotherIsAvailable()
    {
        _tracker.Started("svc", "a", activelyChecked: false, S(0));
        _tracker.Started("svc", "b", activelyChecked: false, S(0));

        _tracker.StatusChanged("svc", "a", available: false, S(4));
        _tracker.Tick(S(10));
        _tracker.StatusChanged("svc", "b", available: false, S(12));
        _tracker.Tick(S(20));
        _tracker.StatusChanged("svc", "a", available: true, S(25));
        _tracker.Tick(S(30));

        Assert.Equal(4 + 5, _sums.Members["svc/a"], 6);
        Assert.Equal(12, _sums.Members["svc/b"], 6);
        // Available until b went out at 12 s, and again once a came back at 25 s.
        Assert.Equal(12 + 5, _sums.Services["svc"], 6);
    }

    [Fact]
    public void Passive_StatusOfAnActivelyCheckedMember_Ignored()
    {
        _tracker.Started("svc", "a", activelyChecked: true, S(0));
        _tracker.Checked("svc", "a", passed: true, S(0));

        _tracker.StatusChanged("svc", "a", available: false, S(1));
        _tracker.Checked("svc", "a", passed: true, S(5));
        _tracker.Tick(S(6));

        Assert.Equal(5, _sums.Members["svc/a"], 6);
        Assert.Equal(5, _sums.Services["svc"], 6);
    }

    [Fact]
    public void Stopped_MemberNoLongerKeepsItsServiceAvailable()
    {
        _tracker.Started("svc", "a", activelyChecked: false, S(0));
        _tracker.Started("svc", "b", activelyChecked: false, S(0));
        _tracker.StatusChanged("svc", "b", available: false, S(0));

        _tracker.Stopped("svc", "a", S(3));
        _tracker.Tick(S(10));

        Assert.Equal(3, _sums.Members["svc/a"], 6);
        Assert.Equal(3, _sums.Services["svc"], 6);
    }
}
