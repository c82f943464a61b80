using System.Globalization;
using FakeLens.Core.Detection;
using FakeLens.Core.Evidence;
using FakeLens.Imaging.Decoding;

namespace FakeLens.Faces.Still;

// Faces in a still image: BlazeFace short-range (whole image, then overlapping tiles for small faces) and the
// 468-point MediaPipe mesh, kept only when the mesh network itself agrees there is a face (presence ≥ 0.5).
// A fact, not a judgement: it tells the reader which faces the other facial cues looked at.
public sealed class FacesFoundDetector : PixelDetector
{
    private readonly FaceEngineProvider _provider;

    public FacesFoundDetector(FaceEngineProvider provider)
    {
        _provider = provider ?? throw new ArgumentNullException(nameof(provider));
    }

    public override string Id => "faces.found";

    public override string Description => "Faces found in the image (BlazeFace + 468-point MediaPipe mesh); a fact that the facial cues build on.";

    public override EvidenceCategory Category => EvidenceCategory.Faces;

    protected override IReadOnlyList<Evidence> Analyze(AnalysisContext context, DecodedImage decoded, int? jpegQuality, CancellationToken cancellationToken)
    {
        var still = StillFaces.Get(context, decoded, _provider, cancellationToken);
        if (still.WhyNot is not null)
        {
            return [Cues.FaceCueEvidence.Make(Id, Category, EvidenceDirection.Neutral, 1, 0, "Face analysis not applicable", $"Not applicable: {still.WhyNot}.", [], detectorId: Id)];
        }

        if (still.Faces.Count == 0)
        {
            return [Cues.FaceCueEvidence.Make(Id, Category, EvidenceDirection.Neutral, 1, 0, "No face found",
                "No face was found (faces smaller than about 1/8 of the shorter side, in profile or covered can be missed), so the facial cues do not apply.", [], detectorId: Id)];
        }

        var regions = still.Faces.Select((f, i) => new Region((int)f.Box.X, (int)f.Box.Y, (int)f.Box.Width, (int)f.Box.Height, f.Box.Score, $"face {i + 1}")).ToList();
        var facts = still.Faces.Select((f, i) => new Fact($"face {i + 1}", string.Create(CultureInfo.InvariantCulture, $"{f.Box.Width:0}×{f.Box.Height:0} px at ({f.Box.X:0}, {f.Box.Y:0}), detector {f.Box.Score:0.00}, mesh {f.Mesh.Presence:0.00}"))).ToList();
        var title = still.Faces.Count == 1 ? "One face found" : $"{still.Faces.Count} faces found";
        return [Cues.FaceCueEvidence.Make(Id, Category, EvidenceDirection.Neutral, 1, 1, title,
            $"{title}; the facial cues below measure {(still.Faces.Count == 1 ? "it" : "each of them")}. Finding a face says nothing by itself about whether the picture is real.", facts, regions, Id)];
    }
}
