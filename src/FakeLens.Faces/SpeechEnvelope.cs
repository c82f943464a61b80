namespace FakeLens.Faces;

/// <summary>The audio track's loudness: RMS amplitude (0..1 full scale) every <see cref="StepSeconds"/>, from time 0.</summary>
public sealed record SpeechEnvelope(double StepSeconds, IReadOnlyList<float> Rms);
