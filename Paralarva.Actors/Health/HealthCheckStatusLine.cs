namespace Paralarva.Actors.Health;

/// <summary>Reads the verdict of a check from the start of the member's answer.</summary>
internal static class HealthCheckStatusLine
{
    /// <summary>A status line longer than this is not one (nginx caps a whole response head at 4-8 KiB).</summary>
    public const int MaxLength = 1024;

    /// <summary>
    /// The result once <paramref name="received"/> holds a whole status line, or null while it may still
    /// be arriving. 2xx and 3xx pass, as in nginx and HAProxy: a redirect proves the application answers.
    /// </summary>
    public static HealthCheckResult? Evaluate(ReadOnlySpan<byte> received)
    {
        var end = received.IndexOf((byte)'\n');
        if (end < 0)
            return received.Length >= MaxLength ? HealthCheckResult.BadStatus : null;

        // RFC 9112 §4: HTTP-version SP 3DIGIT SP [reason-phrase]; the reason does not matter here.
        var line = received[..end];
        if (line.Length < 12 || !line.StartsWith("HTTP/1."u8) || line[8] != (byte)' '
            || !IsDigit(line[9]) || !IsDigit(line[10]) || !IsDigit(line[11]))
            return HealthCheckResult.BadStatus;
        return line[9] is (byte)'2' or (byte)'3' ? HealthCheckResult.Success : HealthCheckResult.BadStatus;
    }

    private static bool IsDigit(byte b) => (uint)(b - '0') <= 9;
}
