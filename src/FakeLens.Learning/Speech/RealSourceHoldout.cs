namespace FakeLens.Learning.Speech;

/// <summary>
/// The leave-one-real-source-out split (issue 14, seventh round). A fold holds out one whole real source R (a corpus
/// repository or a shared folder: every real clip of it) together with a set of synthetic systems S. Nothing of R or
/// S trains: no real clip of R, no clip of S, and no clip of any class whose voice group R or S used. The test is R's
/// real clips against S's synthetic clips, so the real side comes from recording conditions, microphones and voices
/// the model never heard — the question "does it call a new kind of real recording fake?".
/// </summary>
public sealed class RealSourceHoldout
{
    private readonly HashSet<string> _heldGroups;
    private readonly HashSet<string> _systems;
    private readonly HashSet<string> _folders;

    public RealSourceHoldout(string realSource, IEnumerable<string> systems, IEnumerable<(bool IsFake, string Family, string Folder, string Group)> clips)
    {
        ArgumentNullException.ThrowIfNull(realSource);
        ArgumentNullException.ThrowIfNull(systems);
        ArgumentNullException.ThrowIfNull(clips);
        RealSource = realSource;
        _folders = Folders(realSource);
        _systems = systems.ToHashSet(StringComparer.Ordinal);
        _heldGroups = clips.Where(c => c.IsFake ? _systems.Contains(c.Family) : _folders.Contains(c.Folder))
            .Select(c => c.Group).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>The held-out real source: one folder, or several joined by '+' (small repositories held out together).</summary>
    public string RealSource { get; }

    /// <summary>The synthetic systems held out with the real source.</summary>
    public IReadOnlySet<string> Systems => _systems;

    /// <summary>Voice groups of the held-out source and systems (none of them trains).</summary>
    public IReadOnlySet<string> HeldGroups => _heldGroups;

    public bool InTraining(bool isFake, string family, string folder, string group) =>
        !_heldGroups.Contains(group) && (isFake ? !_systems.Contains(family) : !_folders.Contains(folder));

    public bool InTest(bool isFake, string family, string folder) =>
        isFake ? _systems.Contains(family) : _folders.Contains(folder);

    /// <summary>The folders of a source name: <c>a+b+c</c> → {a, b, c}.</summary>
    public static HashSet<string> Folders(string source) =>
        (source ?? throw new ArgumentNullException(nameof(source))).Split('+', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
}
