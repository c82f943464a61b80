namespace FakeLens.Provenance.Metadata;

/// <summary>A program named somewhere in the metadata, with where it was found.</summary>
/// <param name="Source">Where it was read: "EXIF Software", "XMP CreatorTool", "XMP history (saved)", "PNG text Software".</param>
/// <param name="Value">The text as written in the file.</param>
public sealed record SoftwareMention(string Source, string Value);
