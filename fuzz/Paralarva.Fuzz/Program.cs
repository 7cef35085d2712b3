using Paralarva.Fuzz;
using SharpFuzz;

// Under AFL++ (fuzz/run.sh):   dotnet Paralarva.Fuzz.dll <target>
// Replay files or folders:     dotnet Paralarva.Fuzz.dll <target> <path>...
if (args.Length == 0 || !FuzzTargets.All.TryGetValue(args[0], out var target))
{
    await Console.Error.WriteLineAsync("usage: Paralarva.Fuzz <" + string.Join('|', FuzzTargets.All.Keys) + "> [file-or-folder...]");
    return 2;
}

if (args.Length > 1)
{
    var failed = 0;
    foreach (var file in args.Skip(1).SelectMany(p => Directory.Exists(p) ? Directory.EnumerateFiles(p) : [p]))
    {
        try
        {
            target(File.ReadAllBytes(file));
        }
        catch (Exception e)
        {
            failed++;
            await Console.Error.WriteLineAsync(file + ": " + e);
        }
    }

    return failed == 0 ? 0 : 1;
}

Fuzzer.OutOfProcess.Run(stream =>
{
    using var copy = new MemoryStream();
    stream.CopyTo(copy);
    target(copy.GetBuffer().AsSpan(0, (int)copy.Length));
});
return 0;
