namespace Paralarva.Host.Reload;

/// <summary>
/// Signals when anything changes in the configuration file's directory. The directory, not the
/// file, is watched: Kubernetes updates a mounted ConfigMap by pointing the <c>..data</c> symbolic
/// link at a new directory (an atomic rename of <c>..data_tmp</c>), so the file the path names
/// changes while the file itself is never written, and editors that save by renaming a temporary
/// file replace the watched inode. Which file changed does not matter: the reloader compares
/// content hashes.
/// </summary>
internal sealed class ConfigFileWatcher : IDisposable
{
    private readonly FileSystemWatcher _watcher;

    public ConfigFileWatcher(string configFile, Action changed, Action<Exception> failed)
    {
        var directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(configFile))!;
        _watcher = new FileSystemWatcher(directory)
        {
            IncludeSubdirectories = false,
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite
                | NotifyFilters.Size | NotifyFilters.CreationTime,
        };
        _watcher.Changed += (_, _) => changed();
        _watcher.Created += (_, _) => changed();
        _watcher.Deleted += (_, _) => changed();
        _watcher.Renamed += (_, _) => changed();
        // Raised when the watch is lost (inotify queue overflow): a change may have been missed.
        _watcher.Error += (_, e) =>
        {
            failed(e.GetException());
            changed();
        };
        _watcher.EnableRaisingEvents = true;
        Directory = directory;
    }

    public string Directory { get; }

    public void Dispose() => _watcher.Dispose();
}
