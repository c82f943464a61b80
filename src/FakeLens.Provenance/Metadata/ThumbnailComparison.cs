namespace FakeLens.Provenance.Metadata;

/// <summary>What <see cref="ThumbnailComparer"/> measured.</summary>
/// <param name="Verdict">The outcome.</param>
/// <param name="ThumbnailAspect">Width/height of the thumbnail's picture area (letterbox bars removed when that matches better).</param>
/// <param name="ImageAspect">Width/height of the main image.</param>
/// <param name="Correlation">Pearson correlation of luma at the comparison size (null when not compared).</param>
/// <param name="Bars">Letterbox bars removed from the thumbnail (top, bottom, left, right), in thumbnail pixels.</param>
/// <param name="CellDifferences">Per-cell mean luma difference (grey levels) after matching brightness, row-major, or null.</param>
/// <param name="GridWidth">Cells across.</param>
/// <param name="GridHeight">Cells down.</param>
/// <param name="ChangedCells">Cells whose difference stands out (the local-mismatch area).</param>
/// <param name="ChangedArea">Bounding box of the changed cells in main-image pixels, or null.</param>
public sealed record ThumbnailComparison(
    ThumbnailVerdict Verdict,
    double ThumbnailAspect,
    double ImageAspect,
    double? Correlation,
    (int Top, int Bottom, int Left, int Right) Bars,
    float[]? CellDifferences,
    int GridWidth,
    int GridHeight,
    int ChangedCells,
    (int X, int Y, int Width, int Height)? ChangedArea);
