namespace FakeLens.Provenance.Labels;

/// <summary>
/// Every label-bearing text of one file, read by <see cref="LabelReader"/>: PNG text chunks, XMP packets (JPEG APP1
/// with extended XMP, PNG iTXt, WebP, MP4), EXIF text fields (UserComment, Make, Model, Software, ImageDescription),
/// JPEG comments and a NovelAI-style payload hidden in the alpha channel.
/// </summary>
public sealed record FileLabels
{
    public static FileLabels Empty { get; } = new();

    public IReadOnlyList<LabelText> Texts { get; init; } = [];

    /// <summary>Things the readers skipped or found damaged (a chunk over the size cap, a truncated segment).</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];
}
