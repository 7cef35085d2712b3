using YamlDotNet.RepresentationModel;

namespace Paralarva.Actors.Config;

/// <summary>Reads <c>proxy.access_log</c>: the keywords <c>off</c> and <c>stdout</c>, or a file path.</summary>
internal static class AccessLogReader
{
    public static AccessLogConfig? Read(YamlNode? node, string path, ConfigErrors errors)
    {
        if (node is null || YamlNodes.IsNull(node))
            return AccessLogConfig.Off;
        var text = YamlNodes.AsText(node, path, errors, "off, stdout or a file path");
        if (text is null)
            return null;

        switch (text.Trim())
        {
            case "":
                errors.Add(path, node, "empty access log target; expected off, stdout or a file path");
                return null;
            case "off" or "false":
                return AccessLogConfig.Off;
            case "stdout":
                return AccessLogConfig.Stdout;
        }

        if (text.IndexOfAny(Path.GetInvalidPathChars()) >= 0 || text.EndsWith('/'))
        {
            errors.Add(path, node, "'" + text + "' is not a file path; expected off, stdout or a file path");
            return null;
        }

        return AccessLogConfig.File(text);
    }
}
