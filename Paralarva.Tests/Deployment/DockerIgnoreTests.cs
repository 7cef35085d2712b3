namespace Paralarva.Tests.Deployment;

/// <summary>.dockerignore keeps build outputs, tests, the chart and VCS data out of the image's build context.</summary>
public sealed class DockerIgnoreTests
{
    private static readonly DockerIgnore Ignore = DockerIgnore.Parse(File.ReadAllText(RepositoryPaths.Of(".dockerignore")));

    [Fact]
    public void Dockerignore_KeepsBuildOutputsTestsAndVcsOut()
    {
        foreach (var path in new[]
                 {
                     "Paralarva.Host/bin/Release/net10.0/Paralarva.Host.dll", "Paralarva.Actors/obj/project.assets.json",
                     "Paralarva.Tests/Paralarva.Tests.csproj", "TestResults/x.trx", ".git/HEAD", "helm_chart/values.yaml",
                 })
        {
            Assert.True(Ignore.IsIgnored(path), path + " should stay out of the build context");
        }

        Assert.False(Ignore.IsIgnored("Paralarva.Host/Program.cs"));
        Assert.False(Ignore.IsIgnored("config.yaml"));
    }

    [Theory]
    [InlineData("**/bin/", "a/b/bin/x.dll", true)]
    [InlineData("**/bin/", "bin", true)]
    [InlineData("**/bin/", "binary/x", false)]
    [InlineData("*.md", "README.md", true)]
    [InlineData("*.md", "docs/README.md", false)]
    [InlineData("docs/", "docs/architecture.md", true)]
    [InlineData("Paralarva.Tests/", "Paralarva.Tests/Deployment/x.cs", true)]
    public void IsIgnored_Pattern_MatchesAsTheBuilderDoes(string pattern, string path, bool ignored)
    {
        Assert.Equal(ignored, DockerIgnore.Parse(pattern).IsIgnored(path));
    }

    [Fact]
    public void IsIgnored_NegatedPattern_ReincludesWhatAnEarlierOneExcluded()
    {
        var ignore = DockerIgnore.Parse("*.md\n!KEEP.md\n");

        Assert.True(ignore.IsIgnored("README.md"));
        Assert.False(ignore.IsIgnored("KEEP.md"));
    }
}
