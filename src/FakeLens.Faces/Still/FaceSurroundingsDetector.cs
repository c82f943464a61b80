using FakeLens.Core.Detection;
using FakeLens.Core.Evidence;
using FakeLens.Faces.Cues;
using FakeLens.Imaging.Decoding;

namespace FakeLens.Faces.Still;

// Face vs its surroundings on a still image: the noise floor, detail and blending band of each face compared
// with the ring of hair, neck and background around it (method and parameters in FaceRegionAnalyzer; decision
// rules in FaceCueEvidence.Surroundings). A pasted or separately generated face often carries its own grain.
public sealed class FaceSurroundingsDetector : PixelDetector
{
    private readonly FaceEngineProvider _provider;

    public FaceSurroundingsDetector(FaceEngineProvider provider)
    {
        _provider = provider ?? throw new ArgumentNullException(nameof(provider));
    }

    public override string Id => "faces.surroundings";

    public override string Description => "Noise, sharpness and blending seam of each face against the hair, neck and background around it.";

    public override EvidenceCategory Category => EvidenceCategory.Faces;

    protected override IReadOnlyList<Evidence> Analyze(AnalysisContext context, DecodedImage decoded, int? jpegQuality, CancellationToken cancellationToken)
    {
        var still = StillFaces.Get(context, decoded, _provider, cancellationToken);
        if (still.WhyNot is not null || still.Faces.Count == 0)
        {
            var why = still.WhyNot is null ? "no face was found" : still.WhyNot;
            return [FaceCueEvidence.Make(Id, Category, EvidenceDirection.Neutral, 1, 0, "Face vs surroundings not applicable", $"Not applicable: {why}.", [], detectorId: Id)];
        }

        var result = new List<Evidence>();
        for (var i = 0; i < still.Faces.Count; i++)
        {
            var f = still.Faces[i];
            var r = still.Regions[i];
            var who = still.Faces.Count == 1 ? "the face" : $"face {i + 1}";
            var box = new Region((int)f.Box.X, (int)f.Box.Y, (int)f.Box.Width, (int)f.Box.Height, 1, $"face {i + 1}");
            result.Add(FaceCueEvidence.Surroundings(who, r.NoiseLogRatio, r.DetailLogRatio, r.BoundaryRatio, r.ChromaDistance, 1, Id, box));
        }

        return result;
    }
}
