namespace FakeLens.Imaging.Lighting;

/// <summary>The objects of the contour analysis, the shadow candidates found, and the shadows attached to objects.</summary>
/// <param name="Candidates">Shadow-like areas found anywhere (dark, same colour as their surroundings).</param>
internal sealed record ShadowAnalysis(LightingAnalysis Lighting, int Candidates, IReadOnlyList<CastShadow> Shadows);
