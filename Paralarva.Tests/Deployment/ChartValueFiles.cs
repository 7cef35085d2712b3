namespace Paralarva.Tests.Deployment;

/// <summary>
/// The values the chart is tested with: its defaults (no file), each file of <c>Values/</c> (one
/// situation each, described at its top), and the base values of build_and_deploy_chart.sh.
/// Paths are relative to the repository.
/// </summary>
internal static class ChartValueFiles
{
    public const string Defaults = "";
    public const string Folder = "Paralarva.Tests/Deployment/Values/";
    public const string SeveralServices = Folder + "several-services.yaml";
    public const string NodePortOff = Folder + "nodeport-off.yaml";
    public const string ServiceMonitor = Folder + "service-monitor.yaml";
    public const string HotReloadOn = Folder + "hot-reload-on.yaml";
    public const string HotReloadOff = Folder + "hot-reload-off.yaml";
    public const string PdbAndHpa = Folder + "pdb-hpa.yaml";
    public const string ScriptBaseValues = "chart_base_values.yaml";

    public static readonly string[] All =
        [Defaults, SeveralServices, NodePortOff, ServiceMonitor, HotReloadOn, HotReloadOff, PdbAndHpa, ScriptBaseValues];

    /// <summary>Every situation, for <c>[MemberData]</c>.</summary>
    public static TheoryData<string> Each()
    {
        var data = new TheoryData<string>();
        foreach (var file in All)
            data.Add(file);
        return data;
    }

    /// <summary>The <c>--values</c> files for one situation (none for the defaults).</summary>
    public static string[] Files(string file) => file.Length == 0 ? [] : [file];
}
