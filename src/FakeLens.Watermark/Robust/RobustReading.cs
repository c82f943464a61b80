namespace FakeLens.Watermark.Robust;

/// <summary>What the robust decoder read under its best grid hypothesis.</summary>
internal sealed record RobustReading(
    bool TagMatches,
    bool[] Message,
    int MatchingCodedBits,
    double SyncZ,
    GridHypothesis Grid,
    int HypothesesTried,
    bool FromQimLayer = false);
