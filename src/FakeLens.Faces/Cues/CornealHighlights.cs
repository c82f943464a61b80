namespace FakeLens.Faces.Cues;

/// <summary>The catchlights of the two eyes of one face compared (see <see cref="CornealHighlightAnalyzer"/>).</summary>
/// <param name="EyeWidth">Mean eye width in pixels (corner to corner).</param>
/// <param name="RightHighlight">True when the subject's right eye shows a specular highlight.</param>
/// <param name="LeftHighlight">The same for the left eye.</param>
/// <param name="IoU">Overlap of the two highlight masks around the pupils, in eye-width units (NaN unless both have one).</param>
/// <param name="OffsetDistance">Distance between the two highlights' offsets from their pupils, in eye widths.</param>
public sealed record CornealHighlights(double EyeWidth, bool RightHighlight, bool LeftHighlight, double IoU, double OffsetDistance)
{
    public bool Measurable => EyeWidth >= CornealHighlightAnalyzer.MinEyeWidth;

    public bool Both => RightHighlight && LeftHighlight;
}
