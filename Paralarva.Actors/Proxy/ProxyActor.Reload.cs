using Akka.Actor;
using Akka.Event;
using Paralarva.Actors.Balancing;
using Paralarva.Actors.Config;
using Paralarva.Actors.Listener;
using Paralarva.Actors.Metrics;
using static Paralarva.Actors.Proxy.ProxyMessages;

namespace Paralarva.Actors.Proxy;

/// <summary>
/// Applies a reload as a difference (<see cref="ConfigDiff"/>): added services get a BalancerActor,
/// changed ones are told their new configuration (members are diffed there), removed ones leave the
/// route table and are retired (they stop once their exchanges are done). The route table is swapped
/// in the <see cref="RouteTableHolder"/> every RequestActor shares, so keep-alive connections route
/// their next request with the new table. Client-side limits and timeouts apply to connections accepted afterwards;
/// member-side ones (connect, member idle and queue timeouts, the per-member connection limit) to the running
/// balancers and members at once. The listen
/// address and the access log are opened once: changing them is reported as needing a restart.
/// </summary>
internal sealed partial class ProxyActor
{
    private readonly Dictionary<string, (ServiceConfig Config, IActorRef Balancer)> _balancers = new(StringComparer.Ordinal);
    /// <summary>Child names of retired balancers not yet stopped: a service re-added meanwhile needs another name.</summary>
    private readonly HashSet<string> _retiringNames = new(StringComparer.Ordinal);
    private readonly RouteTableHolder _routes = new(new RouteTable([]));
    private readonly Admission.AdmissionPolicies _admission = new();
    private long _incarnation;

    protected override SupervisorStrategy SupervisorStrategy() => ResumingSupervision.Create();

    private void ReceiveReloads()
    {
        Receive<Reload>(OnReload);
        Receive<ReloadRejected>(_ => _metrics.Tell(new ConfigReloaded(ReloadResults.Failure)));
        Receive<Terminated>(terminated => _retiringNames.Remove(terminated.ActorRef.Path.Name));
    }

    private void StartBalancer(ServiceConfig service)
    {
        var name = BalancerActor.ChildName(service);
        if (_retiringNames.Contains(name))
            name += "-" + ++_incarnation;
        // Each balancer gets its own Random: they run concurrently and Random is not thread-safe.
        var balancer = Context.ActorOf(
            BalancerActor.Props(service, _config.Timeouts.Member, _config.Limits.MaxConnectionsPerMember, _metrics, new Random(), null), name);
        _balancers[service.Name] = (service, balancer);
    }

    private void SwapRoutes()
    {
        // Services sharing a domain (told apart by their paths) are grouped by the table; every reload builds it whole.
        var routes = new List<KeyValuePair<string, Route>>(_balancers.Count);
        var services = new List<ServiceConfig>(_balancers.Count);
        foreach (var (service, _) in _balancers.Values)
            services.Add(service);
        _admission.Update(services, _config.ClientPolicy);
        foreach (var (service, balancer) in _balancers.Values)
            routes.AddRange(Route.Of(service, balancer, AffinityPolicy.For(service), _admission.For(service.Name)));

        _routes.Swap(new RouteTable(routes));
    }

    private static bool MemberSettingsDiffer(ProxyConfig running, ProxyConfig next) =>
        running.Timeouts.Member != next.Timeouts.Member || running.Limits.MaxConnectionsPerMember != next.Limits.MaxConnectionsPerMember;

    private static MemberSetMessages.UpdateService MemberSettingsUpdate(ServiceConfig service, ProxyConfig running, ProxyConfig next) =>
        MemberSettingsDiffer(running, next)
            ? new MemberSetMessages.UpdateService(service) { Timeouts = next.Timeouts.Member, MaxConnectionsPerMember = next.Limits.MaxConnectionsPerMember }
            : new MemberSetMessages.UpdateService(service);

    private void OnReload(Reload reload)
    {
        var next = reload.Config;
        var diff = ConfigDiff.Compute(_config, next);
        var changes = new List<string>();
        var log = Context.GetLogger();

        // Settings a new balancer is built from (the per-member connection limit) are taken from the new file.
        var running = _config;
        _config = next with { Listen = running.Listen, AccessLog = running.AccessLog };

        foreach (var service in diff.Added)
        {
            StartBalancer(service);
            changes.Add("service " + service.Name + " added (" + service.Domain + ")");
        }

        foreach (var service in diff.Changed)
        {
            var balancer = _balancers[service.Name].Balancer;
            _balancers[service.Name] = (service, balancer);
            balancer.Tell(MemberSettingsUpdate(service, running, next));
            changes.Add("service " + service.Name + " changed");
        }

        // Connect, member idle and queue timeouts and the per-member limit reach the running balancers and members too.
        if (MemberSettingsDiffer(running, next))
        {
            foreach (var (service, balancer) in _balancers.Values)
            {
                if (!diff.Added.Contains(service) && !diff.Changed.Contains(service))
                    balancer.Tell(MemberSettingsUpdate(service, running, next));
            }

            changes.Add("member connection settings changed (timeouts.connect/member_idle/member_queue, limits.max_connections_per_member)");
        }

        var retired = new List<IActorRef>(diff.Removed.Count);
        foreach (var service in diff.Removed)
        {
            var balancer = _balancers[service.Name].Balancer;
            retired.Add(balancer);
            _balancers.Remove(service.Name);
            _retiringNames.Add(balancer.Path.Name);
            Context.Watch(balancer);
            changes.Add("service " + service.Name + " removed (" + service.Domain + ")");
        }

        // Swapped before the removed balancers are retired: no new request is routed to a retiring one.
        SwapRoutes();
        foreach (var balancer in retired)
            balancer.Tell(MemberSetMessages.Retire.Instance);

        if (diff.ConnectionSettingsChanged)
        {
            _listener.Tell(new ListenerMessages.UpdateContext(ConnectionContextOf(_config)));
            changes.Add("limits changed (connections accepted from now on)");
        }

        if (running.ClientPolicy != next.ClientPolicy)
            changes.Add("client policy defaults changed (proxy.rate_limit, max_connections_per_client, allow, deny)");

        if (diff.ListenChanged)
        {
            log.Warning("The listen address changed from {0}:{1} to {2}:{3}; a restart is needed to apply it",
                running.Listen.Address, running.Listen.Port, next.Listen.Address, next.Listen.Port);
            changes.Add("listen address changed: needs a restart");
        }

        if (diff.AccessLogChanged)
        {
            log.Warning("The access_log setting changed; a restart is needed to apply it");
            changes.Add("access_log changed: needs a restart");
        }

        var result = diff.RestartRequired ? ReloadResults.RestartRequired : ReloadResults.Success;
        _metrics.Tell(new ConfigReloaded(result));
        _metrics.Tell(new ConfigApplied(next.SourceHash));
        Sender.Tell(new ReloadApplied(result, changes));
    }
}
