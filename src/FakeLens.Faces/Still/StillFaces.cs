using FakeLens.Core.Detection;
using FakeLens.Faces.Cues;
using FakeLens.Imaging.Decoding;
using FakeLens.Imaging.Lighting;

namespace FakeLens.Faces.Still;

/// <summary>
/// The faces of one still image, found once per file and shared by the still-image face detectors through the
/// analysis context's cache: observations (largest first, at most <see cref="MaxFaces"/>) and each face's
/// surroundings and eye-highlight statistics. <see cref="WhyNot"/> is set when the face models are missing.
/// </summary>
public sealed record StillFaces(IReadOnlyList<FaceObservation> Faces, IReadOnlyList<FaceSurroundings> Regions, IReadOnlyList<CornealHighlights> Highlights, string? WhyNot)
{
    public const string CacheKey = "faces.still";
    public const int MaxFaces = 8;

    /// <summary>
    /// The faces' boxes for the lighting analysis (lighting.contours and lighting.shadows), from this file's one face search;
    /// null when the face models are missing, so that the lighting analysis falls back to its Haar cascade.
    /// </summary>
    public static LightingFaceSource ForLighting(FaceEngineProvider provider)
    {
        ArgumentNullException.ThrowIfNull(provider);
        return (context, decoded, ct) =>
        {
            var found = Get(context, decoded, provider, ct);
            return found.WhyNot is null ? found.Faces.Select(f => new FaceRectangle(f.Box.X, f.Box.Y, f.Box.Width, f.Box.Height)).ToList() : null;
        };
    }

    public static StillFaces Get(AnalysisContext context, DecodedImage decoded, FaceEngineProvider provider, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(decoded);
        ArgumentNullException.ThrowIfNull(provider);
        return context.GetOrCreate(CacheKey, _ =>
        {
            if (provider.Engine is not { } engine)
            {
                return new StillFaces([], [], [], provider.WhyNot ?? "face models not installed");
            }

            var faces = engine.Find(decoded.Image, tiles: true, ct).Take(MaxFaces).ToList();
            var regions = faces.Select(f => FaceRegionAnalyzer.Measure(decoded.Image, f.Mesh)).ToList();
            var highlights = faces.Select(f => CornealHighlightAnalyzer.Measure(decoded.Image, f.Mesh)).ToList();
            return new StillFaces(faces, regions, highlights, null);
        });
    }
}
