namespace FakeLens.Imaging.Lighting;

/// <summary>All regions examined for lighting, at a working resolution of <see cref="WorkWidth"/> × <see cref="WorkHeight"/> (scale = working / original).</summary>
internal sealed record LightingAnalysis(int WorkWidth, int WorkHeight, double Scale, IReadOnlyList<LitRegion> Regions, int Faces);
