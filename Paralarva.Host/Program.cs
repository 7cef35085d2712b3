using Paralarva.Host.Cli;
using Paralarva.Host.Hosting;

return await ParalarvaCommand.InvokeAsync(args, ParalarvaHost.RunAsync);
