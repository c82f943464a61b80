namespace FakeLens.Core.Media;

/// <summary>The outcome of sniffing a file: what its bytes say it is and what its name suggested.</summary>
/// <param name="Format">Format recognised from magic bytes (<see cref="MediaFormat.Unknown"/> when none matched).</param>
/// <param name="Kind">Image, audio or video.</param>
/// <param name="MimeType">IANA media type of <paramref name="Format"/>.</param>
/// <param name="PixelsSupported">True when FakeLens can decode the pixels of this image format.</param>
/// <param name="ExtensionHint">The format the file name's extension suggests, if any.</param>
public sealed record MediaType(MediaFormat Format, MediaKind Kind, string MimeType, bool PixelsSupported, MediaFormat? ExtensionHint)
{
    /// <summary>The extension names a known format, and the bytes say another one (JPEG named .jpeg is no mismatch).</summary>
    public bool ExtensionMismatch =>
        ExtensionHint is { } hint && Format != MediaFormat.Unknown && hint != Format && !SameFamily(hint, Format);

    private static bool SameFamily(MediaFormat a, MediaFormat b)
    {
        // MP4, MOV and M4A share the ISO base-media container; MKV and WebM share Matroska; HEIC and AVIF share HEIF.
        static int Family(MediaFormat f) => f switch
        {
            MediaFormat.Mp4 or MediaFormat.Mov or MediaFormat.M4a => 1,
            MediaFormat.Mkv or MediaFormat.WebM => 2,
            MediaFormat.Heic or MediaFormat.Avif => 3,
            _ => 100 + (int)f,
        };
        return Family(a) == Family(b);
    }

    public static MediaType Unknown(MediaFormat? hint) => new(MediaFormat.Unknown, MediaKind.Unknown, "application/octet-stream", false, hint);
}
