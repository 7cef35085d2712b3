namespace Paralarva.Tests.Deployment;

/// <summary>
/// A stand-in <c>helm</c> for scripts under test: a shell script in its own folder (put first on PATH)
/// that records its arguments, one per line, and succeeds without touching any cluster.
/// </summary>
internal sealed class FakeHelm : IDisposable
{
    public FakeHelm()
    {
        Directory.CreateDirectory(Folder);
        var script = Path.Combine(Folder, "helm");
        File.WriteAllText(script, "#!/bin/sh\nfor argument in \"$@\"; do printf '%s\\n' \"$argument\"; done >> \"" + LogFile + "\"\nexit 0\n");
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    /// <summary>A fresh temp folder holding the fake, its log, and anything else a test writes.</summary>
    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "paralarva-fake-helm-" + Guid.NewGuid().ToString("N"));

    private string LogFile => Path.Combine(Folder, "calls.log");

    /// <summary>PATH with the fake first.</summary>
    public string SearchPath => Folder + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH");

    public bool WasCalled => File.Exists(LogFile);

    /// <summary>Every argument it received, in order.</summary>
    public IReadOnlyList<string> Arguments =>
        WasCalled ? File.ReadAllLines(LogFile) : [];

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}
