using System.Text;
using Akka.Actor;
using Akka.TestKit.Xunit2;
using Paralarva.Actors.Metrics;
using Prometheus;

using Paralarva.Tests.Common;

namespace Paralarva.Tests.Metrics;

/// <summary><c>paralarva_draining</c>: 0 while serving, 1 once a graceful shutdown started.</summary>
public sealed class DrainingMetricTests : TestKit
{
    private readonly CollectorRegistry _registry = global::Prometheus.Metrics.NewCustomRegistry();

    [Fact]
    public async Task Draining_ZeroUntilStarted_ThenOne()
    {
        var metrics = Sys.ActorOf(MetricsActor.Props(_registry));
        await AwaitAssertAsync(async () => Assert.Contains("paralarva_draining 0", (await ExportAsync()).Split('\n')));

        metrics.Tell(DrainingChanged.Started);

        await AwaitAssertAsync(async () => Assert.Contains("paralarva_draining 1", (await ExportAsync()).Split('\n')));
    }

    private Task<string> ExportAsync() => MetricsReader.ExportAsync(_registry);
}
