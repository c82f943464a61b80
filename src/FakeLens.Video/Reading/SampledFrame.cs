using FakeLens.Imaging.Decoding;

namespace FakeLens.Video.Reading;

/// <summary>One decoded frame: its presentation time in the file (seconds), its pixels, and whether a scene cut chose it.</summary>
public sealed record SampledFrame(double TimeSeconds, RgbImage Image, bool SceneCut);
