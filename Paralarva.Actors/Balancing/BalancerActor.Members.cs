using Akka.Actor;
using Akka.Event;
using Paralarva.Actors.Balancing.Strategies;
using Paralarva.Actors.Config;
using Paralarva.Actors.Health;
using Paralarva.Actors.Metrics;
using static Paralarva.Actors.Balancing.MemberSetMessages;

namespace Paralarva.Actors.Balancing;

/// <summary>
/// The member set: built from the configuration at start, then changed by reloads
/// (<see cref="UpdateService"/>) and by DNS answers for members given by host name, both through
/// one diff keyed by address and port. A member that stays keeps its MemberActor, and so its pooled
/// connections; a new one gets a MemberActor; a removed one leaves the strategy's list at once (no
/// lease request reaches it afterwards, since only this actor forwards them) and is told to
/// <see cref="RetireMember"/>: it stops once its last lease is released, so no exchange is cut.
/// A retired service (removed from the configuration) keeps serving for a short grace period, for
/// requests routed just before the route table changed, then retires every member and stops.
/// Host names are resolved in BalancerActor.Dns.cs.
/// </summary>
internal sealed partial class BalancerActor : IWithTimers
{
    /// <summary>Long enough for requests routed by the previous route table to reach this actor.</summary>
    public static readonly TimeSpan RetireGracePeriod = TimeSpan.FromSeconds(1);

    private readonly ILoggingAdapter _memberLog = Context.GetLogger();
    private readonly Dictionary<(string Address, int Port), MemberState> _memberByEndpoint = [];
    /// <summary>Members retiring, by child name (a member re-added meanwhile needs another name), with their labels.</summary>
    private readonly Dictionary<string, string> _retiringMembers = new(StringComparer.Ordinal);
    private ServiceConfig _service = null!;
    private MemberTimeoutsConfig _timeouts = MemberTimeoutsConfig.Default;
    private int _maxConnectionsPerMember;
    private IActorRef _metrics = ActorRefs.Nobody;
    private Random _random = null!;
    private long _incarnation;
    private bool _retired;
    private bool _initialised;

    public ITimerScheduler Timers { get; set; } = null!;

    private void InitMembers(ServiceConfig service, MemberTimeoutsConfig timeouts, int maxConnectionsPerMember, IActorRef metrics, Random random, HostResolver resolver)
    {
        _service = service;
        _timeouts = timeouts;
        _maxConnectionsPerMember = maxConnectionsPerMember;
        _metrics = metrics;
        _random = random;
        _resolver = resolver;
        ApplyMemberSet();
        _initialised = true;
    }

    private void ReceiveMemberSetMessages()
    {
        Receive<UpdateService>(OnUpdateService);
        Receive<HostResolved>(OnHostResolved);
        Receive<RefreshDns>(_ => ResolveHostNames());
        Receive<Retire>(_ => OnRetire());
        Receive<RetireGraceEnded>(_ => OnRetireGraceEnded());
        Receive<Terminated>(OnMemberTerminated);
    }

    protected override void PreStart()
    {
        StartPoolTick();
        ResolveHostNames();
    }

    protected override void PostStop()
    {
        foreach (var member in _members)
            RetireConnections(member);
    }

    private void OnUpdateService(UpdateService update)
    {
        if (_retired)
            return;
        var previous = _service;
        // Built before anything changes: a strategy that cannot be built leaves the service as it was.
        if (previous.Strategy != update.Service.Strategy)
            _strategy = StrategyFactory.Create(update.Service.Strategy, _random);
        _service = update.Service;
        ApplyConnectionSettings(update);

        ForgetUnlistedHostNames();
        var kept = new List<MemberState>(_memberByEndpoint.Values);
        ApplyMemberSet();
        UpdateKeptMembers(previous, kept);
        if (previous.DnsRefreshInterval != _service.DnsRefreshInterval)
            Timers.Cancel(DnsTimerKey);
        ResolveHostNames();
    }

    /// <summary>
    /// New member-side timeouts or connection limit reach the running members (connecting, limit, queue) and this
    /// pool (member_idle); members started from now on get them in their Props.
    /// </summary>
    private void ApplyConnectionSettings(UpdateService update)
    {
        var timeouts = update.Timeouts ?? _timeouts;
        var maxConnections = update.MaxConnectionsPerMember ?? _maxConnectionsPerMember;
        if (timeouts == _timeouts && maxConnections == _maxConnectionsPerMember)
            return;
        var idleChanged = timeouts.MemberIdle != _timeouts.MemberIdle;
        _timeouts = timeouts;
        _maxConnectionsPerMember = maxConnections;
        if (idleChanged)
            StartPoolTick();
        var settings = new UpdateConnectionSettings(timeouts, maxConnections);
        foreach (var state in _memberByEndpoint.Values)
            state.Actor.Tell(settings);
    }

    /// <summary>Members started before this reload run with the previous health settings: tell those still here.</summary>
    private void UpdateKeptMembers(ServiceConfig previous, List<MemberState> before)
    {
        if (previous.OutlierDetection == _service.OutlierDetection && previous.HealthCheck == _service.HealthCheck)
            return;
        var update = new UpdateMemberSettings(_service.OutlierDetection, HealthCheckTargetOf(_service));
        foreach (var state in _members)
        {
            if (before.Exists(old => old.Actor.Equals(state.Actor)))
                state.Actor.Tell(update);
        }
    }

    /// <summary>Brings the running members in line with <see cref="DesiredMembers"/>.</summary>
    private void ApplyMemberSet()
    {
        var desired = DesiredMembers.Of(_service, _resolved);
        var keep = new HashSet<(string, int)>();
        foreach (var member in desired)
            keep.Add(DesiredMembers.Key(member));

        foreach (var (key, state) in _memberByEndpoint.ToList())
        {
            if (keep.Contains(key))
                continue;
            _memberByEndpoint.Remove(key);
            RetireMember(state);
            _memberLog.Info("{0} member {1} removed; it stops once its exchanges are done", _service.Name, state.Name);
        }

        // The strategies index this list: rebuilt in the configuration's order, existing states reused.
        _members.Clear();
        foreach (var member in desired)
        {
            var key = DesiredMembers.Key(member);
            if (!_memberByEndpoint.TryGetValue(key, out var state))
            {
                state = StartMember(member);
                _memberByEndpoint.Add(key, state);
            }
            else
            {
                // Same actor, pool and status; only the strategies' share may change.
                state.Weight = member.Weight;
            }

            _members.Add(state);
        }

        _strategy.MembersChanged(_members);
        RebuildAvailable();
    }

    private MemberState StartMember(MemberConfig member)
    {
        var name = MemberActor.ChildName(member);
        if (_retiringMembers.ContainsKey(name))
            name += "-" + ++_incarnation;
        var load = new MemberLoad();
        var actor = Context.ActorOf(
            MemberActor.Props(_service, member, _timeouts, _maxConnectionsPerMember, _metrics, load, HealthCheckTargetOf(_service)), name);
        if (_initialised)
            _memberLog.Info("{0} member {1} added", _service.Name, member);
        var label = member.ToString();
        return new MemberState(actor, label, member.Weight, load) { AffinityId = AffinityIds.Of(_service.Name, label) };
    }

    private static HealthCheckTarget? HealthCheckTargetOf(ServiceConfig service) =>
        service.HealthCheck is null ? null : new HealthCheckTarget(service.HealthCheck, service.Domain);

    private void RetireMember(MemberState state)
    {
        RetireConnections(state);
        _retiringMembers[state.Actor.Path.Name] = state.Name;
        Context.Watch(state.Actor);
        state.Actor.Tell(MemberSetMessages.RetireMember.Instance);
    }

    private void OnMemberTerminated(Terminated terminated)
    {
        if (!_retiringMembers.Remove(terminated.ActorRef.Path.Name, out var label))
        {
            OnLesseeTerminated(terminated.ActorRef);
            return;
        }

        // A member re-added on the same endpoint meanwhile shares the label: its series stay.
        if (!_members.Exists(m => m.Name == label))
            _metrics.Tell(new MemberRemoved(_service.Name, label));
        if (_retired && _retiringMembers.Count == 0)
            Context.Stop(Self);
    }

    private void OnRetire()
    {
        if (_retired)
            return;
        _retired = true;
        Timers.Cancel(DnsTimerKey);
        Timers.StartSingleTimer(RetireGraceEnded.Instance, RetireGraceEnded.Instance, RetireGracePeriod);
    }

    private void OnRetireGraceEnded()
    {
        _members.Clear();
        _available.Clear();
        foreach (var state in _memberByEndpoint.Values)
            RetireMember(state);
        _memberByEndpoint.Clear();
        _memberLog.Info("Service {0} removed; it stops once its exchanges are done", _service.Name);
        if (_retiringMembers.Count == 0)
            Context.Stop(Self);
    }
}
