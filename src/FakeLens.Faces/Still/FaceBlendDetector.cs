using FakeLens.Core.Detection;
using FakeLens.Core.Evidence;
using FakeLens.Faces.Blend;
using FakeLens.Imaging.Decoding;

namespace FakeLens.Faces.Still;

// Self-blended face detector on stills (Shiohara & Yamasaki, CVPR 2022; Face X-ray, Li et al. 2020): blending-boundary
// features along the face's landmark hull (Blend/FaceBlendFeatures) scored by a small classifier trained only on real
// faces against blends of themselves (Blend/FaceBlendModel, models/default-video-face-blend-v1.json). Threshold, data
// and held-out figures in docs/faces.md; decision rules in Blend/FaceBlendEvidence.
public sealed class FaceBlendDetector : PixelDetector
{
    private readonly FaceEngineProvider _provider;
    private readonly Lazy<(FaceBlendModel? Model, string? WhyNot)> _model;

    public FaceBlendDetector(FaceEngineProvider provider, Func<FaceBlendModel>? load = null)
    {
        _provider = provider ?? throw new ArgumentNullException(nameof(provider));
        _model = new(() =>
        {
            try
            {
                return ((load ?? FaceBlendModel.LoadDefault)(), null);
            }
            catch (Exception e) when (e is InvalidOperationException or InvalidDataException or System.Text.Json.JsonException)
            {
                return (null, e.Message);
            }
        });
    }

    public override string Id => FaceBlendEvidence.Id;

    public override string Description => "Looks for the seam a pasted face leaves along its outline (face swaps, reenactment), with a classifier trained on real faces blended with themselves.";

    public override EvidenceCategory Category => EvidenceCategory.Faces;

    protected override IReadOnlyList<Evidence> Analyze(AnalysisContext context, DecodedImage decoded, int? jpegQuality, CancellationToken cancellationToken)
    {
        if (_model.Value.Model is not { } model)
        {
            return [FaceBlendEvidence.NotApplicable(_model.Value.WhyNot ?? "the face-blend model could not be loaded")];
        }

        var still = StillFaces.Get(context, decoded, _provider, cancellationToken);
        if (still.WhyNot is not null || still.Faces.Count == 0)
        {
            return [FaceBlendEvidence.NotApplicable(still.WhyNot ?? "no face was found")];
        }

        var measured = new List<(FaceBlendMeasurement, double)>();
        var result = new List<Evidence>();
        for (var i = 0; i < still.Faces.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var f = still.Faces[i];
            var who = still.Faces.Count == 1 ? "the face" : $"face {i + 1}";
            var box = new Region((int)f.Box.X, (int)f.Box.Y, (int)f.Box.Width, (int)f.Box.Height, 1, $"face {i + 1}");
            if (FaceBlendFeatures.Measure(decoded.Image, f.Mesh) is not { } m)
            {
                result.Add(FaceBlendEvidence.NotApplicable($"{who} is under {FaceBlendFeatures.MinFaceSize} px or at the image edge"));
                continue;
            }

            var score = model.Score(m.Features);
            measured.Add((m, score));
            result.Add(FaceBlendEvidence.Still(who, score, model.Threshold, box, FaceBlendEvidence.Map(decoded.Image.Width, decoded.Image.Height, [(m, score)], model.Threshold)));
        }

        return result;
    }
}
