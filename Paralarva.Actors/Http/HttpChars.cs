using System.Buffers;

namespace Paralarva.Actors.Http;

/// <summary>Character classes of RFC 9110 section 5.6, as vectorised byte sets so validation is one scan per span.</summary>
internal static class HttpChars
{
    /// <summary>tchar: what a method, field name, token list element or chunk-ext name may contain.</summary>
    public static readonly SearchValues<byte> Token = SearchValues.Create(
        "!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"u8);

    /// <summary>
    /// Bytes a field value must not contain: every CTL but HTAB (NUL, CR and LF included), and DEL.
    /// Bytes 0x80-0xFF are obs-text and allowed: they are relayed untouched, never interpreted.
    /// </summary>
    public static readonly SearchValues<byte> NotFieldValue = SearchValues.Create(
        "\0\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\n\u000B\u000C\r\u000E\u000F\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001A\u001B\u001C\u001D\u001E\u001F\u007F"u8);

    public static bool IsToken(ReadOnlySpan<byte> span) => !span.IsEmpty && span.IndexOfAnyExcept(Token) < 0;

    public static bool IsTChar(byte b) => Token.Contains(b);

    public static bool IsFieldValue(ReadOnlySpan<byte> span) => span.IndexOfAny(NotFieldValue) < 0;

    /// <summary>Visible ASCII only: what a request-target may contain (no CTL, SP, DEL or bytes >= 0x80).</summary>
    public static bool IsVisibleAscii(ReadOnlySpan<byte> span) => span.IndexOfAnyExceptInRange((byte)0x21, (byte)0x7E) < 0;

    public static bool IsOws(byte b) => b is (byte)' ' or (byte)'\t';

    public static bool IsDigit(byte b) => b - (uint)'0' <= 9;

    /// <summary>The value of a hex digit, or -1.</summary>
    public static int HexValue(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
        _ => -1,
    };

    /// <summary>Removes leading and trailing OWS (SP and HTAB).</summary>
    public static ReadOnlySpan<byte> TrimOws(ReadOnlySpan<byte> span) => span.Trim(" \t"u8);
}
