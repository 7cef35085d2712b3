using Paralarva.Actors.Config;
using Paralarva.Tests.Common;

namespace Paralarva.Tests.EndToEnd;

/// <summary>
/// One real nginx origin and one proxy in front of it, shared by a test class (starting nginx writes
/// its 11 MiB of files). nginx also serves <see cref="ConnectionPath"/>, which answers with its
/// connection serial number and the number of requests served on it, to observe member-side reuse.
/// </summary>
public sealed class NginxProxyFixture : IAsyncLifetime
{
    public const string Domain = "nginx.example";
    public const string ConnectionPath = "/conn";

    private NginxOrigin? _nginx;
    private InProcessProxy? _proxy;

    public NginxOrigin Nginx => _nginx ?? throw new InvalidOperationException("not started");

    public InProcessProxy Proxy => _proxy ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync()
    {
        _nginx = await NginxOrigin.StartAsync("e2e", new NginxOriginOptions
        {
            ExtraServerConfig = "    location = " + ConnectionPath + " { default_type text/plain; return 200 \"$connection $connection_requests\"; }",
        });
        _proxy = await InProcessProxy.StartAsync(TestConfigs.Service(Domain, StrategyNames.RoundRobin, _nginx.Port));
    }

    public async Task DisposeAsync()
    {
        if (_proxy is not null)
            await _proxy.DisposeAsync();
        if (_nginx is not null)
            await _nginx.DisposeAsync();
    }
}
