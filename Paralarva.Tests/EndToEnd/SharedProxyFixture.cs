using Paralarva.Tests.Common;

namespace Paralarva.Tests.EndToEnd;

/// <summary>
/// One origin and one in-process proxy for a whole test class whose rows each open their own client connection:
/// starting them for every row of a long table would cost more than the rows. The proxy's one service is
/// <see cref="Domain"/>.
/// </summary>
public abstract class SharedProxyFixture : IAsyncLifetime
{
    public const string Domain = "diff.local";

    private TestOrigin? _origin;
    private InProcessProxy? _proxy;

    internal TestOrigin Origin => _origin ?? throw new InvalidOperationException("not started");

    internal InProcessProxy Server => _proxy ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync()
    {
        _origin = CreateOrigin();
        _proxy = await InProcessProxy.StartAsync(TestConfigs.Service(Domain, _origin));
    }

    public async Task DisposeAsync()
    {
        if (_proxy is not null)
            await _proxy.DisposeAsync();
        if (_origin is not null)
            await _origin.DisposeAsync();
    }

    private protected abstract TestOrigin CreateOrigin();
}
