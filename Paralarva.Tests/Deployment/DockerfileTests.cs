using System.Xml.Linq;
using Paralarva.Actors.Config;
using Paralarva.Host.Cli;

namespace Paralarva.Tests.Deployment;

/// <summary>
/// The Dockerfile, read without a container engine (none runs here): it builds from the solution's real
/// project paths, publishes the host in Release on the SDK image, and runs it on the small runtime image
/// as a non-root user, listening on all addresses, exposing the default ports.
/// </summary>
public sealed class DockerfileTests
{
    private const string HostProject = "Paralarva.Host/Paralarva.Host.csproj";

    private static readonly DockerfileModel Dockerfile = DockerfileModel.Parse(File.ReadAllText(RepositoryPaths.Of("Dockerfile")));

    private static readonly DockerIgnore Ignore = DockerIgnore.Parse(File.ReadAllText(RepositoryPaths.Of(".dockerignore")));

    [Fact]
    public void Stages_SdkBuildsAndTheRuntimeImageRuns()
    {
        var dotnetVersion = TargetFramework()["net".Length..];
        var build = BuildStage();

        Assert.True(Dockerfile.Stages.Count >= 2, "a multi-stage build");
        Assert.Equal("mcr.microsoft.com/dotnet/sdk:" + dotnetVersion, build.BaseImage);
        Assert.StartsWith("mcr.microsoft.com/dotnet/aspnet:" + dotnetVersion, Dockerfile.Final.BaseImage);
        Assert.NotSame(build, Dockerfile.Final);
        Assert.Empty(Dockerfile.Final.All("RUN"));
    }

    [Fact]
    public void Publish_TheHostProjectInRelease_IsWhatTheRuntimeStageCopies()
    {
        var build = BuildStage();
        var publish = PublishWords(build);

        Assert.Equal(HostProject, publish[publish.IndexOf("publish") + 1]);
        Assert.True(File.Exists(RepositoryPaths.Of(HostProject)));
        Assert.Equal("Release", publish[publish.IndexOf("-c") + 1]);
        var output = publish[publish.IndexOf("-o") + 1];

        // The restore before it is of the same project.
        var restore = build.All("RUN").Select(r => r.Words.ToList()).Single(w => w.Contains("restore"));
        Assert.Equal(HostProject, restore[restore.IndexOf("restore") + 1]);

        var copied = Assert.Single(Dockerfile.Final.All("COPY"), c => c.Flag("from") is not null);
        Assert.Equal(build.Name, copied.Flag("from"));
        Assert.Equal(output, copied.Operands[0]);
    }

    [Fact]
    public void Copy_EverySource_ExistsInTheRepositoryAndIsInTheBuildContext()
    {
        var sources = ContextSources().ToList();

        Assert.NotEmpty(sources);
        foreach (var source in sources)
        {
            var path = RepositoryPaths.Of(source);
            Assert.True(File.Exists(path) || Directory.Exists(path), "COPY " + source + ": no such path in the repository");
            Assert.False(Ignore.IsIgnored(source), "COPY " + source + " is excluded by .dockerignore");
            if (!Directory.Exists(path))
                continue;
            foreach (var file in SourceFiles(path))
            {
                var relative = Path.GetRelativePath(RepositoryPaths.Root, file).Replace('\\', '/');
                Assert.False(Ignore.IsIgnored(relative), relative + " is needed by the build but excluded by .dockerignore");
            }
        }
    }

    [Fact]
    public void Copy_EveryProjectTheHostNeeds_WithItsProjectFileBeforeTheRestore()
    {
        var sources = ContextSources().Select(s => s.TrimEnd('/')).ToList();
        var build = BuildStage();
        var restoreLine = build.All("RUN").Single(r => r.Words.Contains("restore")).Line;
        var copiedBeforeRestore = build.All("COPY").Where(c => c.Line < restoreLine).SelectMany(c => c.Operands.SkipLast(1)).ToList();

        Assert.Contains("Directory.Build.props", copiedBeforeRestore);
        Assert.Contains("Directory.Packages.props", copiedBeforeRestore);
        foreach (var project in ProjectClosure(HostProject))
        {
            Assert.Contains(project, copiedBeforeRestore);
            Assert.Contains(Path.GetDirectoryName(project)!.Replace('\\', '/'), sources);
        }

        Assert.DoesNotContain(sources, s => s.StartsWith("Paralarva.Tests", StringComparison.Ordinal));
    }

    [Fact]
    public void User_RuntimeStage_IsNonRootAndTheChartsUser()
    {
        var user = Dockerfile.Final.Last("USER") ?? throw new Xunit.Sdk.XunitException("the runtime stage sets no USER: it would run as root");
        var uid = int.Parse(user.Arguments.Split(':')[0], System.Globalization.CultureInfo.InvariantCulture);

        Assert.NotEqual(0, uid);
        var values = YamlTree.Load(File.ReadAllText(Path.Combine(RepositoryPaths.Chart, "values.yaml")));
        Assert.Equal(uid, YamlTree.Int(values, "podSecurityContext", "runAsUser"));
    }

    [Fact]
    public void Expose_TheDefaultProxyAndMonitoringPorts()
    {
        var config = ConfigLoader.LoadFile(RepositoryPaths.Of("config.yaml")).Config ?? throw new Xunit.Sdk.XunitException("config.yaml is invalid");

        var exposed = Dockerfile.Final.All("EXPOSE").SelectMany(e => e.Words).Select(p => int.Parse(p.Split('/')[0], System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(new[] { config.Listen.Port, HostOptions.DefaultPrometheusPort }.Order(), exposed.Order());
    }

    [Fact]
    public async Task Entrypoint_DotnetRunsThePublishedHostOnAllAddressesWithTheCopiedConfig()
    {
        var entrypoint = Dockerfile.Final.Last("ENTRYPOINT") ?? throw new Xunit.Sdk.XunitException("no ENTRYPOINT");
        var command = Dockerfile.Final.Last("CMD");
        var words = entrypoint.Words;
        var workdir = Dockerfile.Final.Last("WORKDIR")?.Arguments ?? "/";

        Assert.True(entrypoint.Arguments.StartsWith('['), "exec form: the runtime image has no shell, and signals must reach dotnet");
        Assert.Equal("dotnet", words[0]);
        var published = Assert.Single(Dockerfile.Final.All("COPY"), c => c.Flag("from") is not null).Operands[^1];
        Assert.Equal(
            Path.GetFullPath(Path.Combine(workdir, published, AssemblyName(HostProject) + ".dll")),
            Path.GetFullPath(Path.Combine(workdir, words[1])));

        // -a is in the entrypoint itself: `docker run image <flags>` replaces CMD, never the entrypoint.
        var entrypointOnly = await ParseAsync(words.Skip(2));
        Assert.True(entrypointOnly.ListenAllAddresses, "the image must listen on all addresses (-a)");
        var options = await ParseAsync([.. words.Skip(2), .. command?.Words ?? []]);
        var config = Assert.Single(Dockerfile.Final.All("COPY"), c => c.Flag("from") is null && c.Operands[0] == "config.yaml");
        Assert.Equal(
            Path.GetFullPath(Path.Combine(workdir, config.Operands[^1])),
            Path.GetFullPath(Path.Combine(workdir, options.ConfigFile)));
    }

    [Fact]
    public void Version_FileTagsTheImageAndIsTheChartsAppVersion()
    {
        var version = File.ReadAllText(RepositoryPaths.Of("VERSION")).Trim();
        var chart = YamlTree.Load(File.ReadAllText(Path.Combine(RepositoryPaths.Chart, "Chart.yaml")));

        Assert.Matches(@"^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$", version);
        Assert.Equal(version, YamlTree.Text(chart, "appVersion"));
        // The Dockerfile's default for --build-arg VERSION (the README passes $(cat VERSION)).
        foreach (var stage in Dockerfile.Stages)
        {
            foreach (var argument in stage.All("ARG").Where(a => a.Arguments.StartsWith("VERSION=", StringComparison.Ordinal)))
                Assert.Equal("VERSION=" + version, argument.Arguments);
        }

        Assert.Contains("-p:Version=" + version, PublishWords(BuildStage()));
    }

    private static async Task<HostOptions> ParseAsync(IEnumerable<string> args)
    {
        HostOptions? parsed = null;
        var exitCode = await ParalarvaCommand.InvokeAsync(args.ToList(), (options, _) =>
        {
            parsed = options;
            return Task.FromResult(0);
        });

        Assert.True(exitCode == 0, "the command line rejected: " + string.Join(' ', args));
        return parsed ?? throw new Xunit.Sdk.XunitException("the command line did not run");
    }

    private static DockerStage BuildStage() =>
        Assert.Single(Dockerfile.Stages, s => s.All("RUN").Any(r => r.Words.Contains("publish")));

    private static List<string> PublishWords(DockerStage build) =>
        build.All("RUN").Select(r => r.Words.ToList()).Single(w => w.Contains("publish"));

    /// <summary>The repository paths the build context must provide: every COPY source without --from.</summary>
    private static IEnumerable<string> ContextSources() =>
        Dockerfile.Stages.SelectMany(s => s.All("COPY")).Where(c => c.Flag("from") is null).SelectMany(c => c.Operands.SkipLast(1));

    private static IEnumerable<string> SourceFiles(string directory) =>
        Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).Where(f =>
            f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".csproj", StringComparison.Ordinal))
        .Where(f => !f.Contains("/bin/", StringComparison.Ordinal) && !f.Contains("/obj/", StringComparison.Ordinal));

    /// <summary>The project and every project it references, transitively, as repository paths.</summary>
    private static IReadOnlyList<string> ProjectClosure(string project)
    {
        var seen = new List<string>();
        var pending = new Stack<string>([project]);
        while (pending.TryPop(out var current))
        {
            if (seen.Contains(current))
                continue;
            seen.Add(current);
            var directory = Path.GetDirectoryName(RepositoryPaths.Of(current))!;
            foreach (var reference in XDocument.Load(RepositoryPaths.Of(current)).Descendants("ProjectReference"))
            {
                var include = reference.Attribute("Include")!.Value.Replace('\\', '/');
                var full = Path.GetFullPath(Path.Combine(directory, include));
                pending.Push(Path.GetRelativePath(RepositoryPaths.Root, full).Replace('\\', '/'));
            }
        }

        return seen;
    }

    private static string AssemblyName(string project) =>
        XDocument.Load(RepositoryPaths.Of(project)).Descendants("AssemblyName").FirstOrDefault()?.Value
        ?? Path.GetFileNameWithoutExtension(project);

    private static string TargetFramework() =>
        XDocument.Load(RepositoryPaths.Of("Directory.Build.props")).Descendants("TargetFramework").Single().Value;
}
