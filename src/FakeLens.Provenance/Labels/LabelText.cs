namespace FakeLens.Provenance.Labels;

/// <summary>One piece of text found where generators and editors leave labels.</summary>
/// <param name="Place">Where it was read, for a person ("PNG text chunk", "EXIF UserComment", "JPEG XMP").</param>
/// <param name="Key">The chunk keyword or field name ("parameters", "Comment", "Model"); "XMP" for a whole XMP packet.</param>
/// <param name="Value">The text as stored (decoded, decompressed, capped in length).</param>
public sealed record LabelText(string Place, string Key, string Value);
