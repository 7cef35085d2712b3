using System.Runtime.InteropServices;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Paralarva.Host.Hosting;

/// <summary>
/// The executable's <see cref="IHostLifetime"/>, in place of the generic host's ConsoleLifetime, which stops the
/// host (and with it the monitoring port and the actor system) the moment SIGTERM arrives. Here SIGTERM (what
/// Kubernetes sends) starts <see cref="GracefulShutdown"/> with its grace period, SIGINT and SIGQUIT (an operator)
/// without it, and the host stops once the drain is done. A second signal hurries the drain.
/// Akka's own signal hook is turned off alongside (<see cref="AkkaHocon"/>).
/// </summary>
internal sealed class SignalLifetime(IServiceProvider services) : IHostLifetime, IDisposable
{
    /// <summary>
    /// Akka's CoordinatedShutdown registers its own SIGTERM handler by default and would stop the actor system
    /// (and, through Akka.Hosting, the host) before the drain began. The host stop runs it anyway, once drained.
    /// </summary>
    public const string AkkaHocon = "akka.coordinated-shutdown.run-by-clr-shutdown-hook = off";

    private readonly List<PosixSignalRegistration> _registrations = [];

    public Task WaitForStartAsync(CancellationToken cancellationToken)
    {
        _registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal));
        _registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal));
        _registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGQUIT, OnSignal));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose()
    {
        foreach (var registration in _registrations)
            registration.Dispose();
        _registrations.Clear();
    }

    private void OnSignal(PosixSignalContext context)
    {
        // The default action would end the process at once; the drain ends it.
        context.Cancel = true;
        try
        {
            _ = services.GetRequiredService<GracefulShutdown>().DrainAndStopAsync(withGracePeriod: context.Signal == PosixSignal.SIGTERM);
        }
        catch (ObjectDisposedException)
        {
            // Already stopped.
        }
        catch (InvalidOperationException)
        {
            // Still starting, no actor system yet: nothing to drain.
            services.GetRequiredService<IHostApplicationLifetime>().StopApplication();
        }
    }
}
