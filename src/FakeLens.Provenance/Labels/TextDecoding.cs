using System.Text;

namespace FakeLens.Provenance.Labels;

/// <summary>Byte-to-text helpers shared by the label readers; every result is capped in length.</summary>
internal static class TextDecoding
{
    /// <summary>Longest text kept from one field (a ComfyUI workflow is tens of kilobytes; hostile files hold megabytes).</summary>
    public const int MaxChars = 1_000_000;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// PNG tEXt is Latin-1 by the specification, but several tools put UTF-8 there; valid UTF-8 with non-ASCII
    /// bytes is read as UTF-8, anything else as Latin-1.
    /// </summary>
    public static string Latin1OrUtf8(ReadOnlySpan<byte> bytes)
    {
        bytes = Cap(bytes);
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return Encoding.Latin1.GetString(bytes);
        }
    }

    public static string Utf8(ReadOnlySpan<byte> bytes) => Encoding.UTF8.GetString(Cap(bytes));

    /// <summary>
    /// UTF-16 of unknown byte order. piexif (used by AUTOMATIC1111) writes big-endian whatever the TIFF byte order;
    /// other writers follow the TIFF byte order. Mostly-ASCII text has its zero bytes on the even positions in
    /// big-endian and on the odd positions in little-endian, which decides it; a byte-order mark wins.
    /// </summary>
    public static string Utf16(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length >= 2 && bytes[0] == 0xFE && bytes[1] == 0xFF)
        {
            return Encoding.BigEndianUnicode.GetString(Cap(bytes[2..]));
        }

        if (bytes.Length >= 2 && bytes[0] == 0xFF && bytes[1] == 0xFE)
        {
            return Encoding.Unicode.GetString(Cap(bytes[2..]));
        }

        var even = 0;
        var odd = 0;
        var probe = Math.Min(bytes.Length, 4096);
        for (var i = 0; i < probe; i++)
        {
            if (bytes[i] == 0)
            {
                if ((i & 1) == 0)
                {
                    even++;
                }
                else
                {
                    odd++;
                }
            }
        }

        var span = Cap(bytes);
        span = span[..(span.Length & ~1)];
        return even >= odd ? Encoding.BigEndianUnicode.GetString(span) : Encoding.Unicode.GetString(span);
    }

    /// <summary>Drops trailing NULs (C strings, padded fields).</summary>
    public static string TrimNul(string s) => s.TrimEnd('\0');

    private static ReadOnlySpan<byte> Cap(ReadOnlySpan<byte> bytes) => bytes.Length > MaxChars * 2 ? bytes[..(MaxChars * 2)] : bytes;
}
