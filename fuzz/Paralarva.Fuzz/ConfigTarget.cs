using System.Text;
using Paralarva.Actors.Config;

namespace Paralarva.Fuzz;

/// <summary>
/// The configuration loader on any bytes. Invariants: it never throws; a result is either a configuration or at
/// least one error, never both; every error names a path, a message and a line inside the text; loading is
/// deterministic; a configuration it accepts has ports in range and no two services with the same name or domain.
/// </summary>
internal static class ConfigTarget
{
    public static void Run(ReadOnlySpan<byte> input)
    {
        var bytes = input.ToArray();
        var first = ConfigLoader.LoadBytes(bytes);
        var second = ConfigLoader.LoadBytes(bytes);
        InvariantViolation.Check(first.IsValid == (first.Config is not null), "IsValid disagrees with Config");
        InvariantViolation.Check(first.IsValid == first.Errors.IsDefaultOrEmpty, "a result with both a configuration and errors, or neither");
        InvariantViolation.Check(first.IsValid == second.IsValid, "loading is not deterministic");

        var lines = LineCount(Encoding.UTF8.GetString(bytes));
        if (!first.IsValid)
        {
            InvariantViolation.Check(first.Errors.Length == second.Errors.Length, "a different number of errors on the second load");
            for (var i = 0; i < first.Errors.Length; i++)
            {
                var error = first.Errors[i];
                InvariantViolation.Check(error.ToString() == second.Errors[i].ToString(), "errors differ between loads");
                InvariantViolation.Check(!string.IsNullOrEmpty(error.Message), "an error without a message");
                InvariantViolation.Check(error.Path is not null, "an error without a path");
                InvariantViolation.Check(error.Line >= 0 && error.Line <= lines + 1, "error line " + error.Line + " outside the text's " + lines + " lines");
            }

            return;
        }

        var config = first.Config!;
        InvariantViolation.Check(config.SourceHash == ConfigHash.Of(bytes), "the hash is not the content's");
        InvariantViolation.Check(config.Listen.Port is >= 1 and <= 65535, "listen port out of range");
        var names = new HashSet<string>(StringComparer.Ordinal);
        var domains = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var service in config.Services)
        {
            InvariantViolation.Check(names.Add(service.Name), "two services named " + service.Name);
            InvariantViolation.Check(domains.Add(service.Domain), "two services for domain " + service.Domain);
            foreach (var member in service.Hosts)
                InvariantViolation.Check(member.Port is >= 1 and <= 65535, "member port out of range");
        }
    }

    /// <summary>Lines as YAML counts them: CRLF, CR, LF, NEL, LS and PS each end one.</summary>
    private static int LineCount(string text)
    {
        var lines = 1;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                i++;
            if (text[i] is '\r' or '\n' or '\u0085' or '\u2028' or '\u2029')
                lines++;
        }

        return lines;
    }
}
