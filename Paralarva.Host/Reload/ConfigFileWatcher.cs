namespace Paralarva.Host.Reload;

/// <summary>
/// Signals when the configuration file may have changed. The directory is watched, not the file:
/// Kubernetes updates a mounted ConfigMap by pointing the <c>..data</c> symbolic link at a new
/// directory (an atomic rename of <c>..data_tmp</c>), so the file the path names changes while the
/// file itself is never written, and editors that save by renaming a temporary file replace the
/// watched inode. Only events about the file's own name, or the first directory its symbolic link
/// goes through (<c>..data</c>), count: a log file written beside the configuration must not make
/// the proxy re-read it several times a second.
/// </summary>
internal sealed class ConfigFileWatcher : IDisposable
{
    /// <summary>The link the kubelet swaps when a mounted ConfigMap or Secret changes.</summary>
    public const string KubernetesDataLink = "..data";

    private readonly FileSystemWatcher _watcher;
    private readonly string[] _names;

    /// <param name="changed">Called on a thread-pool thread with the name of the entry that changed.</param>
    public ConfigFileWatcher(string configFile, Action<string> changed, Action<Exception> failed)
    {
        var fullPath = System.IO.Path.GetFullPath(configFile);
        var directory = System.IO.Path.GetDirectoryName(fullPath)!;
        _names = NamesOf(fullPath);
        _watcher = new FileSystemWatcher(directory)
        {
            IncludeSubdirectories = false,
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite
                | NotifyFilters.Size | NotifyFilters.CreationTime,
        };
        _watcher.Changed += (_, e) => Filter(e.Name, null, changed);
        _watcher.Created += (_, e) => Filter(e.Name, null, changed);
        _watcher.Deleted += (_, e) => Filter(e.Name, null, changed);
        _watcher.Renamed += (_, e) => Filter(e.Name, e.OldName, changed);
        // Raised when the watch is lost (inotify queue overflow): a change may have been missed.
        _watcher.Error += (_, e) =>
        {
            failed(e.GetException());
            changed(_names[0]);
        };
        _watcher.EnableRaisingEvents = true;
        Directory = directory;
    }

    public string Directory { get; }

    /// <summary>True when an event about the directory entry <paramref name="name"/> may change the configuration.</summary>
    public bool Concerns(string? name)
    {
        if (name is null)
            return false;
        foreach (var watched in _names)
        {
            if (string.Equals(name, watched, StringComparison.Ordinal))
                return true;
        }

        return false;
    }

    public void Dispose() => _watcher.Dispose();

    /// <summary>
    /// The file's own name, <c>..data</c>, and, when the file is a symbolic link with a relative target
    /// (<c>config.yaml -> ..data/config.yaml</c>), the target's first path segment.
    /// </summary>
    private static string[] NamesOf(string fullPath)
    {
        var fileName = System.IO.Path.GetFileName(fullPath);
        string? linkFirst = null;
        try
        {
            var target = new FileInfo(fullPath).LinkTarget;
            if (target is not null && !System.IO.Path.IsPathRooted(target))
            {
                var separator = target.IndexOfAny(['/', System.IO.Path.DirectorySeparatorChar]);
                linkFirst = separator > 0 ? target[..separator] : target;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Not readable now: the file name and ..data still cover the usual cases.
        }

        return linkFirst is null || linkFirst == fileName || linkFirst == KubernetesDataLink
            ? [fileName, KubernetesDataLink]
            : [fileName, KubernetesDataLink, linkFirst];
    }

    private void Filter(string? name, string? oldName, Action<string> changed)
    {
        if (Concerns(name))
            changed(name!);
        else if (Concerns(oldName))
            changed(oldName!);
    }
}
