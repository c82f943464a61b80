namespace FakeLens.Learning.Image;

/// <summary>
/// One labelled image file: its folder (for the per-folder breakdown), its generator family (for
/// leave-one-generator-out; "real" for real photos) and the source it came from (the repository named by a
/// <c>source</c> column of the folder's <c>labels.csv</c>, else the folder) — the unit of per-source weight caps
/// and of the source-disjoint split.
/// </summary>
public sealed record ImageSample(string Path, bool IsFake, string Folder, string Family, string? Source = null)
{
    /// <summary><see cref="Source"/> when known, else <see cref="Folder"/>.</summary>
    public string SourceName => Source ?? Folder;

    /// <summary>
    /// Position of the file in the full listing of the folders given (before <see cref="ImageDataset.Collect"/>'s
    /// exclusions), which seeds its random training crops and keys its cached features; -1 = its position in the
    /// sample list. Excluding a folder thus changes no other image's crops.
    /// </summary>
    public int Stream { get; init; } = -1;

    /// <summary>The random-stream index of this sample when it sits at <paramref name="position"/> of its list.</summary>
    public int StreamAt(int position) => Stream >= 0 ? Stream : position;
}
