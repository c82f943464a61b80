namespace FakeLens.Video.Sequences;

/// <summary>Audio loudness (RMS of mono samples, full scale 1) every <paramref name="StepSeconds"/> from time 0 of the file.</summary>
public sealed record LoudnessEnvelope(double StepSeconds, IReadOnlyList<float> Rms);
