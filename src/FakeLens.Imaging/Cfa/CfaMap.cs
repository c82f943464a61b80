namespace FakeLens.Imaging.Cfa;

/// <summary>
/// Per-block demosaicing trace of an image: <see cref="LogRatio"/> = ln(prediction-error variance at the acquired
/// green positions / at the interpolated ones), aligned so that the image-wide trace is positive; row-major blocks of
/// <see cref="Block"/> px. <see cref="Strength"/> is the median over usable blocks (0 = no trace).
/// </summary>
internal sealed record CfaMap(int Width, int Height, int Block, int BlocksWide, int BlocksHigh, float[] LogRatio, bool[] Usable, int UsableCount, float Strength, float Spread, float NullSpread, bool PhaseFlipped);
