namespace FakeLens.Imaging.Jpeg;

/// <summary>
/// Everything FakeLens reads from a JPEG's marker structure, without decoding pixels: segments, frame,
/// quantisation tables, scans, application segments, comments and what follows the end-of-image marker.
/// </summary>
/// <param name="Segments">Marker segments in file order (bounded; see <see cref="JpegParser.MaxSegments"/>).</param>
/// <param name="Frame">The first frame header, or null when the file has none.</param>
/// <param name="QuantTables">Quantisation tables in force at the first scan, by slot (null where not defined).</param>
/// <param name="Scans">Scans in file order.</param>
/// <param name="ApplicationSegments">APPn segment names in file order ("APP0 JFIF", "APP1 Exif", ...).</param>
/// <param name="Comments">COM segment text (printable characters only, shortened).</param>
/// <param name="HasEndMarker">True when an EOI marker was found.</param>
/// <param name="TrailingBytes">Bytes after EOI (0 when none or when EOI is missing).</param>
/// <param name="TrailingIsJpeg">True when the bytes after EOI begin another JPEG (multi-picture, depth map, preview).</param>
/// <param name="Truncated">True when the data ended inside a segment or scan.</param>
public sealed record JpegStructure(
    IReadOnlyList<JpegSegment> Segments,
    JpegFrame? Frame,
    IReadOnlyList<QuantizationTable?> QuantTables,
    IReadOnlyList<JpegScan> Scans,
    IReadOnlyList<string> ApplicationSegments,
    IReadOnlyList<string> Comments,
    bool HasEndMarker,
    int TrailingBytes,
    bool TrailingIsJpeg,
    bool Truncated)
{
    /// <summary>The quantisation table of frame component <paramref name="componentIndex"/>, if defined.</summary>
    public QuantizationTable? TableFor(int componentIndex) =>
        Frame is { } f && componentIndex < f.Components.Count ? QuantTables[f.Components[componentIndex].QuantTableId] : null;

    public bool HasApplicationSegment(string name) => ApplicationSegments.Any(s => s.EndsWith(name, StringComparison.Ordinal));
}
