namespace FakeLens.Learning.Video;

/// <summary>One labelled video: its path, whether it is fake (AI-generated or manipulated), its family (generator or
/// manipulation method; the real source for real videos) and its group (what must not straddle train and test).</summary>
public sealed record VideoSample(string Path, bool IsFake, string Family, string Group);
