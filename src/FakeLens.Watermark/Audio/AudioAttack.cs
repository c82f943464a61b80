namespace FakeLens.Watermark.Audio;

/// <summary>One benchmark attack: a name, whether it needs ffmpeg, and the transformation (samples, rate) → (samples, rate).</summary>
public sealed record AudioAttack(string Name, bool NeedsFfmpeg, Func<float[], int, (float[] Samples, int Rate)> Apply);
