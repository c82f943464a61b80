using FakeLens.Core.Detection;
using FakeLens.Core.Evidence;
using FakeLens.Faces.Cues;
using FakeLens.Imaging.Decoding;

namespace FakeLens.Faces.Still;

// Corneal specular highlights of the two eyes (Hu, Li & Lyu 2021): method and parameters in
// CornealHighlightAnalyzer, decision rule in FaceCueEvidence.CornealHighlights.
public sealed class CornealHighlightDetector : PixelDetector
{
    private readonly FaceEngineProvider _provider;

    public CornealHighlightDetector(FaceEngineProvider provider)
    {
        _provider = provider ?? throw new ArgumentNullException(nameof(provider));
    }

    public override string Id => "faces.corneal-highlights";

    public override string Description => "Compares the light reflections in the two eyes of each face (Hu, Li & Lyu 2021); generated faces often disagree.";

    public override EvidenceCategory Category => EvidenceCategory.Faces;

    protected override IReadOnlyList<Evidence> Analyze(AnalysisContext context, DecodedImage decoded, int? jpegQuality, CancellationToken cancellationToken)
    {
        var still = StillFaces.Get(context, decoded, _provider, cancellationToken);
        if (still.WhyNot is not null || still.Faces.Count == 0)
        {
            var why = still.WhyNot is null ? "no face was found" : still.WhyNot;
            return [FaceCueEvidence.Make(Id, Category, EvidenceDirection.Neutral, 1, 0, "Eye reflections not applicable", $"Not applicable: {why}.", [], detectorId: Id)];
        }

        var result = new List<Evidence>();
        for (var i = 0; i < still.Faces.Count; i++)
        {
            var f = still.Faces[i];
            var who = still.Faces.Count == 1 ? "the face" : $"face {i + 1}";
            var box = new Region((int)f.Box.X, (int)f.Box.Y, (int)f.Box.Width, (int)f.Box.Height, 1, $"face {i + 1}");
            result.Add(FaceCueEvidence.CornealHighlights(who, still.Highlights[i], Id, box));
        }

        return result;
    }
}
