namespace FakeLens.Watermark;

/// <summary>What a detector concluded about one scheme's mark.</summary>
public enum WatermarkState
{
    /// <summary>The mark is present: the decoded payload matches with a false-positive probability below the scheme's threshold.</summary>
    Marked,

    /// <summary>No mark of this scheme (for keyed schemes: none for this key).</summary>
    NotMarked,

    /// <summary>The content is too small, too damaged or too uniform to tell.</summary>
    CannotDecide,
}
