using System.CommandLine;
using Paralarva.Host.Cli;
using Paralarva.Host.Hosting;

// SIGTERM/SIGINT cancel the run; the host then stops the actor system. Give that time to finish
// instead of System.CommandLine's default two seconds.
var invocation = new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(30) };
return await ParalarvaCommand.InvokeAsync(args, ParalarvaHost.RunAsync, invocation);
