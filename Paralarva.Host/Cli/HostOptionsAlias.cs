// The Web SDK's implicit usings import Microsoft.Extensions.Hosting, which has its own HostOptions
// (shutdown timeout and the like). Without this alias every file that imports Paralarva.Host.Cli
// would see two HostOptions; an alias is looked up before imported namespaces, so ours wins
// project-wide, and the framework's, never needed here, stays reachable by its full name.
global using HostOptions = Paralarva.Host.Cli.HostOptions;
