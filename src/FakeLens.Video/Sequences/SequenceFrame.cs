using FakeLens.Imaging.Decoding;

namespace FakeLens.Video.Sequences;

/// <summary>A frame of a dense sequence: its time in the file and its pixels.</summary>
public sealed record SequenceFrame(double TimeSeconds, RgbImage Image);
