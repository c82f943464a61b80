namespace FakeLens.Imaging.Compare;

/// <summary>
/// The change map on the suspect's frame, at <see cref="Width"/> × <see cref="Height"/> (the suspect scaled to
/// <see cref="CompareOptions.MapSide"/>). <see cref="Scores"/>: 0..1, 0.5 at the noise-aware threshold;
/// <see cref="Mask"/>: 1 where a reported change is, 0 elsewhere; <see cref="Valid"/>: 1 where the original covers the suspect.
/// </summary>
public sealed record ChangeMap(int Width, int Height, float[] Scores, byte[] Mask, byte[] Valid);
