using System.Globalization;
using FakeLens.Imaging.CopyMove;
using FakeLens.Imaging.Decoding;
using OpenCvSharp;

namespace FakeLens.Imaging.Compare;

/// <summary>
/// Compares a suspect picture with a candidate original: registers the original onto the suspect
/// (<see cref="KeypointAligner"/>), reads the affine map as crop, scale, rotation, mirror and aspect change,
/// matches tone with a per-channel affine colour map fitted by least squares (refitted once without the
/// worst 10 % of pixels, so local edits do not bend it), and builds a change map whose threshold follows the
/// noise: the residual after alignment is binned by the original's local gradient (recompression error and
/// sub-pixel misregistration both grow with texture), and a pixel counts as changed only when its local mean
/// residual exceeds that bin's median by <see cref="CompareOptions.NoiseK"/> robust deviations. Changed areas
/// become regions with an area, a position and a kind (added / removed / replaced, from how much each side's
/// content stands out from its surroundings), and simple cues (field of view, resolution, JPEG quality,
/// borders) say which file is more likely the earlier one. Faces are found by <paramref name="faces"/> (FakeLens.Faces
/// provides BlazeFace); without it, or when its models are missing, the result says faces were not checked.
/// </summary>
public sealed class ImageComparer(CompareOptions? options = null, IFaceLocator? faces = null)
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public CompareOptions Options { get; } = options ?? new CompareOptions();

    /// <summary>The face locator, or null (faces are then not checked).</summary>
    public IFaceLocator? Faces { get; } = faces;

    public ComparisonResult Compare(CompareInput suspect, CompareInput original, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(suspect);
        ArgumentNullException.ThrowIfNull(original);
        using var s = KeypointAligner.Describe(suspect.Image, Options.KeypointSide);
        using var o = KeypointAligner.Describe(original.Image, Options.KeypointSide);
        using var om = KeypointAligner.Describe(original.Image, Options.KeypointSide, mirror: true);
        return Compare(suspect, original, s, o, om, cancellationToken);
    }

    internal ComparisonResult Compare(CompareInput suspect, CompareInput original, KeypointAligner.Features s, KeypointAligner.Features o, KeypointAligner.Features om, CancellationToken ct)
    {
        var sFacts = Facts(suspect);
        var oFacts = Facts(original);
        if (Math.Min(suspect.Image.Width, suspect.Image.Height) < 32 || Math.Min(original.Image.Width, original.Image.Height) < 32)
        {
            return Unrelated(sFacts, oFacts, 0, 0, "One of the pictures is too small (under 32 px on a side) to compare.");
        }

        var (map, inliers, matches) = KeypointAligner.Align(s, o, om, Options.MinInliers, ct);
        if (map is null)
        {
            return Unrelated(sFacts, oFacts, matches, inliers, $"The two files do not show the same picture: only {inliers} matching keypoints agree on one alignment (at least {Options.MinInliers} are needed).");
        }

        var (scale, aspect, rotation, mirrorH, mirrorV) = Geometry.Decompose(map[0], map[1], map[3], map[4]);
        if (scale is < 0.02 or > 50 || aspect is < 0.25 or > 4)
        {
            return Unrelated(sFacts, oFacts, matches, inliers, $"The keypoints that match imply an implausible alignment (scale {scale:0.###}, aspect {aspect:0.##}); the files are treated as different pictures.");
        }

        ct.ThrowIfCancellationRequested();
        var aligned = Warp(suspect.Image, original.Image, map);
        ct.ThrowIfCancellationRequested();
        var geometry = BuildGeometry(map, scale, aspect, rotation, mirrorH, mirrorV, suspect.Image, original.Image, aligned);
        if (geometry.SuspectCovered < 0.05)
        {
            return Unrelated(sFacts, oFacts, matches, inliers, "The alignment found covers under 5 % of the suspect; the files are treated as different pictures.");
        }

        var analysis = ChangeAnalysis.Run(aligned, Options, ct);
        if (analysis.Correlation < 0.5)
        {
            return Unrelated(sFacts, oFacts, matches, inliers, $"Keypoints match but the aligned pixels do not (correlation {analysis.Correlation:0.00}): probably another shot of the same scene, not the same picture.");
        }

        var operations = Operations(geometry, suspect, original, analysis, aligned);
        var earlier = EarlierCues.Judge(geometry, suspect, original, operations);
        var regions = analysis.Regions;
        List<ContentChange> content = [];
        int faces = 0, lines = 0;
        var facesNotChecked = !Options.CheckContent ? "faces and text were not checked (turned off in the comparison options)"
            : Faces is null ? "no face detector was given to the comparison"
            : Faces.WhyNot;
        if (Options.CheckContent)
        {
            (content, faces, lines) = ContentComparison.Run(aligned.Suspect, aligned.Original, analysis.Map.Valid, analysis.Map.Mask, Faces, ct);
        }

        return new ComparisonResult
        {
            Suspect = sFacts,
            Original = oFacts,
            Related = true,
            Summary = Summarise(operations, regions, content, analysis.ChangedFraction, earlier, Options.CheckContent ? facesNotChecked : null),
            Matches = matches,
            Inliers = inliers,
            Geometry = geometry,
            Operations = operations,
            Regions = regions,
            Content = content,
            FacesFound = faces,
            FacesChecked = facesNotChecked is null,
            FacesNotCheckedReason = facesNotChecked,
            TextLinesFound = lines,
            ChangedFraction = analysis.ChangedFraction,
            NoiseLevel = analysis.NoiseLevel,
            Correlation = analysis.Correlation,
            Earlier = earlier,
            Map = analysis.Map,
            SuspectView = CompareMats.ToRgb(aligned.Suspect),
            AlignedOriginal = CompareMats.ToRgb(aligned.Original),
        };
    }

    private static ImageFacts Facts(CompareInput input) => new(input.Name, input.Image.Width, input.Image.Height, input.JpegQuality, input.Bytes);

    private static ComparisonResult Unrelated(ImageFacts s, ImageFacts o, int matches, int inliers, string why) => new()
    {
        Suspect = s,
        Original = o,
        Related = false,
        Summary = why,
        Matches = matches,
        Inliers = inliers,
    };

    /// <summary>The suspect at map resolution and the original warped onto it, with the coverage masks.</summary>
    internal sealed class AlignedPair(Mat suspect, Mat original, Mat validRaw, Mat valid, double mapScale, double localScale) : IDisposable
    {
        public Mat Suspect { get; } = suspect;

        public Mat Original { get; } = original;

        /// <summary>255 where the warped original has pixels.</summary>
        public Mat ValidRaw { get; } = validRaw;

        /// <summary><see cref="ValidRaw"/> eroded so edge pixels blended with the fill are not compared.</summary>
        public Mat Valid { get; } = valid;

        /// <summary>Map pixels per suspect pixel.</summary>
        public double MapScale { get; } = mapScale;

        /// <summary>Map pixels per original pixel.</summary>
        public double LocalScale { get; } = localScale;

        public void Dispose()
        {
            Suspect.Dispose();
            Original.Dispose();
            ValidRaw.Dispose();
            Valid.Dispose();
        }
    }

    private AlignedPair Warp(RgbImage suspect, RgbImage original, double[] map)
    {
        var sMat = CompareMats.Bgr(suspect, Options.MapSide, out var k);
        var a = new double[] { map[0] * k, map[1] * k, map[2] * k, map[3] * k, map[4] * k, map[5] * k };
        var local = Math.Sqrt(Math.Abs((a[0] * a[4]) - (a[1] * a[3])));
        using var oFull = CompareMats.Bgr(original, int.MaxValue, out _);
        Mat oMat = oFull;
        using var shrunk = new Mat();
        if (local < 0.8)
        {
            // Shrink with area averaging first: warpAffine's bilinear sampling would alias a large reduction.
            var size = new Size(Math.Max(8, (int)Math.Round(original.Width * local)), Math.Max(8, (int)Math.Round(original.Height * local)));
            Cv2.Resize(oFull, shrunk, size, 0, 0, InterpolationFlags.Area);
            var fx = size.Width / (double)original.Width;
            var fy = size.Height / (double)original.Height;
            a[0] /= fx;
            a[3] /= fx;
            a[1] /= fy;
            a[4] /= fy;
            oMat = shrunk;
        }

        using var m = new Mat(2, 3, MatType.CV_64FC1);
        m.SetArray(a);
        var warped = new Mat();
        Cv2.WarpAffine(oMat, warped, m, sMat.Size(), InterpolationFlags.Linear, BorderTypes.Constant, Scalar.All(0));
        using var ones = new Mat(oMat.Size(), MatType.CV_8UC1, Scalar.All(255));
        var validRaw = new Mat();
        Cv2.WarpAffine(ones, validRaw, m, sMat.Size(), InterpolationFlags.Nearest, BorderTypes.Constant, Scalar.All(0));
        var valid = new Mat();
        using var kernel = Cv2.GetStructuringElement(MorphShapes.Rect, new Size(5, 5));
        Cv2.Erode(validRaw, valid, kernel);
        return new AlignedPair(sMat, warped, validRaw, valid, k, local);
    }

    private static Geometry BuildGeometry(double[] m, double scale, double aspect, double rotation, bool mirrorH, bool mirrorV, RgbImage suspect, RgbImage original, AlignedPair aligned)
    {
        // Suspect corners mapped back into the original: the visible part of the original.
        var det = (m[0] * m[4]) - (m[1] * m[3]);
        double Ix(double x, double y) => ((m[4] * (x - m[2])) - (m[1] * (y - m[5]))) / det;
        double Iy(double x, double y) => ((-m[3] * (x - m[2])) + (m[0] * (y - m[5]))) / det;
        var corners = new[] { (0.0, 0.0), (suspect.Width, 0.0), (0.0, suspect.Height), (suspect.Width, (double)suspect.Height) };
        var xs = corners.Select(c => Ix(c.Item1, c.Item2)).ToArray();
        var ys = corners.Select(c => Iy(c.Item1, c.Item2)).ToArray();
        var x0 = Math.Clamp((int)Math.Round(xs.Min()), 0, original.Width);
        var y0 = Math.Clamp((int)Math.Round(ys.Min()), 0, original.Height);
        var x1 = Math.Clamp((int)Math.Round(xs.Max()), 0, original.Width);
        var y1 = Math.Clamp((int)Math.Round(ys.Max()), 0, original.Height);
        var covered = Cv2.CountNonZero(aligned.ValidRaw);
        var mapArea = aligned.ValidRaw.Rows * (double)aligned.ValidRaw.Cols;
        var suspectCovered = covered / mapArea;
        var visible = covered / (aligned.LocalScale * aligned.LocalScale) / (original.Width * (double)original.Height);
        return new Geometry(m[0], m[1], m[2], m[3], m[4], m[5], scale, aspect, rotation, mirrorH, mirrorV,
            new CropBox(x0, y0, x1 - x0, y1 - y0), Math.Min(1, visible), suspectCovered);
    }

    private static List<GlobalOperation> Operations(Geometry g, CompareInput suspect, CompareInput original, ChangeAnalysis analysis, AlignedPair aligned)
    {
        var ops = new List<GlobalOperation>();
        if (g.OriginalVisible < 0.97)
        {
            var b = g.CropBox;
            ops.Add(new("crop", string.Create(Inv, $"Cropped: the suspect shows {g.OriginalVisible * 100:0} % of the original (box x {b.X}, y {b.Y}, {b.Width} × {b.Height} px of the original)."),
                P(("x", b.X), ("y", b.Y), ("width", b.Width), ("height", b.Height), ("kept", g.OriginalVisible))));
        }

        if (Math.Abs(g.Scale - 1) > 0.03)
        {
            ops.Add(new("scale", string.Create(Inv, $"Resized to {g.Scale * 100:0} % of the original's pixel size ({(g.Scale < 1 ? "smaller" : "enlarged")})."), P(("scale", g.Scale))));
        }

        if (Math.Abs(g.Aspect - 1) > 0.03)
        {
            ops.Add(new("aspect", string.Create(Inv, $"Stretched: the width was scaled {g.Aspect:0.00} times as much as the height."), P(("aspect", g.Aspect))));
        }

        if (Math.Abs(g.RotationDegrees) > 0.5)
        {
            var dir = g.RotationDegrees > 0 ? "counter-clockwise" : "clockwise";
            ops.Add(new("rotation", string.Create(Inv, $"Rotated {Math.Abs(g.RotationDegrees):0.0}° {dir}."), P(("degrees", g.RotationDegrees))));
        }

        if (g.MirroredHorizontally)
        {
            ops.Add(new("mirror", "Mirrored left to right.", P()));
        }

        if (g.MirroredVertically)
        {
            ops.Add(new("flip", "Flipped upside down.", P()));
        }

        if (suspect.JpegQuality is { } qs && (original.JpegQuality != qs || ops.Count > 0))
        {
            var was = original.JpegQuality is { } qo ? string.Create(Inv, $"the original is a JPEG of quality {qo}") : "the original is not a JPEG";
            ops.Add(new("recompression", string.Create(Inv, $"Saved again as JPEG quality {qs}; {was}."),
                original.JpegQuality is { } q2 ? P(("suspectQuality", qs), ("originalQuality", q2)) : P(("suspectQuality", qs))));
        }

        var t = analysis.Tone;
        var tone = new List<string>();
        if (t.Grayscale)
        {
            tone.Add("converted to black and white");
        }
        else if (Math.Abs(t.Saturation - 1) > 0.12)
        {
            tone.Add(string.Create(Inv, $"saturation {(t.Saturation > 1 ? "raised" : "lowered")} to {t.Saturation * 100:0} %"));
        }

        if (Math.Abs(t.Brightness) > 4)
        {
            tone.Add(string.Create(Inv, $"brightness {(t.Brightness > 0 ? "raised" : "lowered")} by {Math.Abs(t.Brightness):0} levels"));
        }

        if (Math.Abs(t.Contrast - 1) > 0.06)
        {
            tone.Add(string.Create(Inv, $"contrast {(t.Contrast > 1 ? "raised" : "lowered")} to {t.Contrast * 100:0} %"));
        }

        if (tone.Count > 0)
        {
            ops.Add(new("tone", "Colour/levels changed: " + string.Join(", ", tone) + ".", P(("brightness", t.Brightness), ("contrast", t.Contrast), ("saturation", t.Saturation), ("grayscale", t.Grayscale ? 1 : 0))));
        }

        if (analysis.Border is { } border)
        {
            var k = aligned.MapScale;
            var p = P(("left", border.Left / k), ("top", border.Top / k), ("right", border.Right / k), ("bottom", border.Bottom / k), ("fraction", border.Fraction));
            ops.Add(border.Uniform
                ? new("border", string.Create(Inv, $"A plain border or fill covers {border.Fraction * 100:0.#} % of the suspect where the original has no pixels."), p)
                : new("extension", string.Create(Inv, $"The suspect shows {border.Fraction * 100:0.#} % more picture around the original's edges: the original may be a crop of it, or the suspect was extended."), p));
        }

        return ops;
    }

    private static Dictionary<string, double> P(params (string Key, double Value)[] values) => values.ToDictionary(v => v.Key, v => Math.Round(v.Value, 4));

    private static string Summarise(IReadOnlyList<GlobalOperation> ops, IReadOnlyList<ChangeRegion> regions, IReadOnlyList<ContentChange> content, double changed, EarlierVerdict earlier, string? facesNotChecked)
    {
        var parts = new List<string>();
        var global = ops.Count == 0 ? "The suspect is the same picture as the original with no global change"
            : "The suspect is the same picture as the original, " + string.Join(", ", ops.Select(o => o.Kind switch
            {
                "crop" => "cropped",
                "scale" => "resized",
                "aspect" => "stretched",
                "rotation" => "rotated",
                "mirror" => "mirrored",
                "flip" => "flipped",
                "recompression" => "re-saved as JPEG",
                "tone" => "with colour/levels changed",
                "border" => "with a border or fill",
                "extension" => "showing more around the edges",
                _ => o.Kind,
            }));
        parts.Add(global + ".");
        parts.Add(regions.Count == 0
            ? "No local edit stands out from the recompression and resampling noise."
            : string.Create(Inv, $"{regions.Count} area(s) changed ({changed * 100:0.#} % of the picture): ") + string.Join(" ", regions.Take(3).Select(r => r.Sentence)));
        parts.AddRange(content.Take(4).Select(c => c.Sentence));
        if (facesNotChecked is not null)
        {
            parts.Add($"Faces were not checked: {facesNotChecked}.");
        }

        parts.Add(earlier.Earlier switch
        {
            "original" => string.Create(Inv, $"The original is probably the earlier file ({earlier.ProbabilityOriginalFirst * 100:0} %)."),
            "suspect" => string.Create(Inv, $"The suspect is probably the earlier file ({(1 - earlier.ProbabilityOriginalFirst) * 100:0} %)."),
            _ => "Which file came first cannot be told.",
        });
        return string.Join(" ", parts);
    }
}
