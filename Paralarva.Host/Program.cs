using System.CommandLine;
using Paralarva.Host.Cli;
using Paralarva.Host.Hosting;

SocketTuning.Apply();

// No ProcessTerminationTimeout: System.CommandLine would cancel the run on SIGTERM/SIGINT and force the exit
// after the timeout. The host handles the signals itself (Hosting/SignalLifetime.cs): it drains the proxy for
// proxy.shutdown.grace_period + drain_timeout, then stops and exits 0.
var invocation = new InvocationConfiguration { ProcessTerminationTimeout = null };
return await ParalarvaCommand.InvokeAsync(args, ParalarvaHost.RunAsync, invocation);
