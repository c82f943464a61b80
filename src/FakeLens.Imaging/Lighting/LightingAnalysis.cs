namespace FakeLens.Imaging.Lighting;

/// <summary>
/// All regions examined for lighting, at a working resolution of <see cref="WorkWidth"/> × <see cref="WorkHeight"/> (scale = working / original).
/// <see cref="FacesGiven"/>: the faces came from the scan's face finder (faces.found), not from the Haar cascade.
/// </summary>
internal sealed record LightingAnalysis(int WorkWidth, int WorkHeight, double Scale, IReadOnlyList<LitRegion> Regions, int Faces, bool FacesGiven = false);
