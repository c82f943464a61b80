namespace FakeLens.Imaging.Compare;

/// <summary>
/// <see cref="CompareBenchmark.CropSearch"/>: suspects searched, index size, k, how many ranked their original
/// first / in the top k by hashes alone and by keypoint votes, the keypoint ranking rate (candidates/s, index entries'
/// signatures matched) and the seconds spent on the suspect's own two signatures (direct and mirrored).
/// </summary>
public sealed record CropSearchScore(int Suspects, int IndexSize, int K, int HashTop1, int HashTopK, int KeysTop1, int KeysTopK, double KeysPerSecond, double SuspectSignatureSeconds)
{
    /// <summary>Entries that are real pictures (photos and distractors); the rest are copies of distractor entries (speed only).</summary>
    public int RealEntries { get; init; }

    /// <summary>Candidates ranked per second of the process's CPU time (all threads): the figure the machine's load does not inflate.</summary>
    public double KeysPerCpuSecond { get; init; }

    /// <summary>The same ranking in one pass (every entry scored with all descriptors, as before the first pass): top-1 hits.</summary>
    public int OnePassTop1 { get; init; }

    /// <summary>One-pass ranking rate, wall clock.</summary>
    public double OnePassPerSecond { get; init; }

    /// <summary>One-pass ranking rate per CPU second.</summary>
    public double OnePassPerCpuSecond { get; init; }
}
