namespace FakeLens.Learning.Speech;

/// <summary>
/// The leave-one-system-out split. For a held-out system S: no clip of S trains, and no clip (real or synthetic, any
/// system) whose voice group S used trains either, so the model has heard neither the system nor its voices. Real
/// voices are also split in two halves by a hash of the group name: half A trains, half B (plus S's own voices) is
/// the real side of the test. Every test clip is therefore unseen in training.
/// </summary>
public sealed class SystemHoldout
{
    private readonly HashSet<string> _heldGroups;
    private readonly int _seed;

    public SystemHoldout(string system, IEnumerable<(bool IsFake, string Family, string Group)> clips, int seed)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(clips);
        System = system;
        _seed = seed;
        _heldGroups = clips.Where(c => c.IsFake && c.Family == system).Select(c => c.Group).ToHashSet(StringComparer.Ordinal);
    }

    public string System { get; }

    /// <summary>Voice groups of the held-out system (none of them trains).</summary>
    public IReadOnlySet<string> HeldGroups => _heldGroups;

    public bool InTraining(bool isFake, string family, string group)
    {
        if (_heldGroups.Contains(group) || family == System)
        {
            return false;
        }

        // Vocoded copies of real clips follow their real voice's half.
        return (isFake && family != "vocoded") || HalfA(group);
    }

    public bool InTest(bool isFake, string family, string group) =>
        isFake ? family == System : _heldGroups.Contains(group) || !HalfA(group);

    public bool HalfA(string group) => (Fnv(group) + (uint)_seed) % 2 == 0;

    private static uint Fnv(string text)
    {
        var h = 2166136261u;
        foreach (var ch in text)
        {
            h = (h ^ ch) * 16777619u;
        }

        return h;
    }
}
