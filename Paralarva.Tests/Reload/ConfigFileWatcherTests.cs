using System.Threading.Channels;
using Paralarva.Host.Reload;
using Paralarva.Tests.Common;

namespace Paralarva.Tests.Reload;

/// <summary>The watcher reacts to the configuration file (and a ConfigMap's <c>..data</c> swap), never to its neighbours.</summary>
public sealed class ConfigFileWatcherTests : IDisposable
{
    private static readonly TimeSpan EventTimeout = TimeSpan.FromSeconds(10);

    private readonly TempDirectory _directory = new("paralarva-watcher-");
    private readonly Channel<string> _events = Channel.CreateUnbounded<string>();

    [Fact]
    public async Task LogFileWrittenBesideTheConfig_NoEventUntilTheConfigChanges()
    {
        var config = _directory.PathOf("config.yaml");
        await File.WriteAllTextAsync(config, "a: 1\n");
        using var watcher = Watch(config);
        var log = _directory.PathOf("paralarva.log");

        for (var i = 0; i < 50; i++)
            await File.AppendAllTextAsync(log, "line " + i + "\n");
        File.Move(log, log + ".1");
        await File.WriteAllTextAsync(config, "a: 2\n");

        // inotify delivers in order: had the log's events passed the filter, they would come first.
        Assert.Equal("config.yaml", await NextAsync());
    }

    [Fact]
    public async Task SavedByRenamingATemporaryFile_Seen()
    {
        var config = _directory.PathOf("config.yaml");
        await File.WriteAllTextAsync(config, "a: 1\n");
        using var watcher = Watch(config);

        var temporary = _directory.PathOf(".config.yaml.swp");
        await File.WriteAllTextAsync(temporary, "a: 2\n");
        File.Move(temporary, config, overwrite: true);

        Assert.Equal("config.yaml", await NextAsync());
    }

    [Fact]
    public async Task KubernetesDataLinkSwapped_Seen()
    {
        Directory.CreateDirectory(_directory.PathOf("..2026_01_01.1"));
        await File.WriteAllTextAsync(_directory.PathOf("..2026_01_01.1", "config.yaml"), "a: 1\n");
        File.CreateSymbolicLink(_directory.PathOf("..data"), "..2026_01_01.1");
        var config = _directory.PathOf("config.yaml");
        File.CreateSymbolicLink(config, Path.Combine("..data", "config.yaml"));
        using var watcher = Watch(config);

        // The kubelet's update: a new timestamped directory, ..data_tmp pointed at it, renamed over ..data.
        Directory.CreateDirectory(_directory.PathOf("..2026_01_01.2"));
        await File.WriteAllTextAsync(_directory.PathOf("..2026_01_01.2", "config.yaml"), "a: 2\n");
        File.CreateSymbolicLink(_directory.PathOf("..data_tmp"), "..2026_01_01.2");
        Posix.Rename(_directory.PathOf("..data_tmp"), _directory.PathOf("..data"));

        Assert.Equal(ConfigFileWatcher.KubernetesDataLink, await NextAsync());
    }

    [Theory]
    [InlineData("config.yaml", true)]
    [InlineData("..data", true)]
    [InlineData("..data_tmp", false)]
    [InlineData("..2026_01_01.1", false)]
    [InlineData("config.yaml.swp", false)]
    [InlineData("CONFIG.YAML", false)]
    [InlineData("paralarva.log", false)]
    [InlineData(null, false)]
    public void Concerns_OnlyTheFileAndTheDataLink(string? name, bool expected)
    {
        var config = _directory.PathOf("config.yaml");
        File.WriteAllText(config, "a: 1\n");
        using var watcher = Watch(config);

        Assert.Equal(expected, watcher.Concerns(name));
    }

    [Fact]
    public void Concerns_ALinkThroughAnotherDirectory_ThatDirectoryToo()
    {
        Directory.CreateDirectory(_directory.PathOf("current"));
        File.WriteAllText(_directory.PathOf("current", "config.yaml"), "a: 1\n");
        var config = _directory.PathOf("config.yaml");
        File.CreateSymbolicLink(config, Path.Combine("current", "config.yaml"));
        using var watcher = Watch(config);

        Assert.True(watcher.Concerns("current"));
        Assert.False(watcher.Concerns("previous"));
    }

    public void Dispose() => _directory.Dispose();

    private ConfigFileWatcher Watch(string config) =>
        new(config, name => _events.Writer.TryWrite(name), _ => _events.Writer.TryWrite("(watch failed)"));

    private async Task<string> NextAsync()
    {
        using var timeout = new CancellationTokenSource(EventTimeout);
        return await _events.Reader.ReadAsync(timeout.Token);
    }
}
