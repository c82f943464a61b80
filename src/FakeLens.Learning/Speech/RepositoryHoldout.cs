namespace FakeLens.Learning.Speech;

/// <summary>
/// The leave-one-repository-out split (issue 14, eighth round). A fold holds out one whole corpus repository R (or
/// several joined by '+'): every clip of it, synthetic and real. Nothing of R trains, and no clip of any other
/// repository trains whose voice group R used (so a LibriSpeech or public voice cloned on two pages never sits on both
/// sides). The test is R's own synthetic clips and R's own real clips: systems, pages and recording channels the model
/// never saw as a unit — how a new demo page or a new voice-cloning release would meet the shipped model.
/// </summary>
public sealed class RepositoryHoldout
{
    private readonly HashSet<string> _folders;
    private readonly HashSet<string> _heldGroups;

    public RepositoryHoldout(string repository, IEnumerable<(bool IsFake, string Family, string Folder, string Group)> clips)
    {
        ArgumentNullException.ThrowIfNull(repository);
        ArgumentNullException.ThrowIfNull(clips);
        Repository = repository;
        _folders = RealSourceHoldout.Folders(repository);
        _heldGroups = clips.Where(c => _folders.Contains(c.Folder)).Select(c => c.Group).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>The held-out repository: one corpus folder, or several joined by '+'.</summary>
    public string Repository { get; }

    /// <summary>Voice groups used anywhere in the held-out repository (none of them trains, whatever its folder).</summary>
    public IReadOnlySet<string> HeldGroups => _heldGroups;

    public bool InTraining(string folder, string group) => !_folders.Contains(folder) && !_heldGroups.Contains(group);

    public bool InTest(string folder) => _folders.Contains(folder);
}
