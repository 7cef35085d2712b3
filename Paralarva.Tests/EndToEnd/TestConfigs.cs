using System.Collections.Immutable;
using Paralarva.Actors.Config;
using Paralarva.Tests.Common;

namespace Paralarva.Tests.EndToEnd;

/// <summary>Configuration records for end-to-end proxies: listen on 127.0.0.1 port 0, members on loopback.</summary>
internal static class TestConfigs
{
    public static ProxyConfig Proxy(params ServiceConfig[] services) => Proxy(LimitsConfig.Default, services);

    public static ProxyConfig Proxy(LimitsConfig limits, params ServiceConfig[] services) =>
        new(new ListenConfig("127.0.0.1", 0), [.. services], limits);

    /// <summary>A service named after its domain, whose members are loopback ports.</summary>
    public static ServiceConfig Service(string domain, string strategy, params int[] memberPorts)
    {
        var members = ImmutableArray.CreateBuilder<MemberConfig>(memberPorts.Length);
        foreach (var port in memberPorts)
            members.Add(new MemberConfig("127.0.0.1", port));
        return new ServiceConfig(domain, domain, members.MoveToImmutable(), strategy);
    }

    public static ServiceConfig Service(string domain, params TestOrigin[] members) =>
        Service(domain, StrategyNames.RoundRobin, [.. members.Select(static m => m.Port)]);
}
