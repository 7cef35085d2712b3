using Akka.Actor;
using Akka.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Paralarva.Actors.Config;
using Paralarva.Actors.Proxy;
using Paralarva.Host.Monitoring;

namespace Paralarva.Host.Hosting;

/// <summary>
/// The shutdown sequence, run before the host stops (so that the monitoring port keeps answering):
/// readiness turns false at once, the proxy drains its client connections (grace period, then drain
/// timeout), and only then the host stops, which runs Akka's CoordinatedShutdown and ends the process with 0.
/// </summary>
internal sealed class GracefulShutdown(
    ReadinessState readiness,
    IRequiredActor<ProxyActor> proxy,
    IHostApplicationLifetime lifetime,
    ShutdownConfig config,
    ILogger<GracefulShutdown> logger)
{
    /// <summary>Beyond the drain timeout, what the actors may take to report (the listener aborts at the timeout).</summary>
    private static readonly TimeSpan ReportMargin = TimeSpan.FromSeconds(5);

    private readonly Lock _lock = new();
    private Task? _drain;

    /// <summary>
    /// Starts the drain, or hurries the one under way (a second signal: stop accepting and abort what is left
    /// now). The returned task completes once the host was asked to stop.
    /// </summary>
    /// <param name="withGracePeriod">SIGTERM waits for load balancers to notice; SIGINT (an operator) does not.</param>
    public Task DrainAndStopAsync(bool withGracePeriod)
    {
        lock (_lock)
        {
            if (_drain is not null)
            {
                HostLog.SecondSignal(logger);
                proxy.ActorRef.Tell(new ProxyMessages.Drain(TimeSpan.Zero, TimeSpan.Zero));
                return _drain;
            }

            readiness.SetDraining(true);
            var grace = withGracePeriod ? config.GracePeriod : TimeSpan.Zero;
            HostLog.ShuttingDown(logger, DurationReader.Format(grace), DurationReader.Format(config.DrainTimeout));
            _drain = DrainAsync(grace);
            return _drain;
        }
    }

    private async Task DrainAsync(TimeSpan grace)
    {
        try
        {
            var drained = await proxy.ActorRef.Ask<ProxyMessages.DrainCompleted>(
                new ProxyMessages.Drain(grace, config.DrainTimeout), grace + config.DrainTimeout + ReportMargin);
            HostLog.Drained(logger, drained.Aborted);
        }
        catch (AskTimeoutException)
        {
            HostLog.DrainNotReported(logger);
        }
        finally
        {
            lifetime.StopApplication();
        }
    }
}
