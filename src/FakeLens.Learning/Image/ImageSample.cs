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
}
