using System.Globalization;
using OpenCvSharp;

namespace FakeLens.Imaging.Compare;

/// <summary>
/// Faces and text on the aligned pair. Faces (<see cref="IFaceLocator"/>; BlazeFace in FakeLens.Faces) are found on the suspect and on the
/// original warped onto the suspect's frame and paired by box overlap (IoU ≥ 0.3). A paired face is "changed" when
/// its face-mesh geometry (<see cref="FaceGeometry"/>) says mouth, eyes or eyebrows moved against nose and outline
/// ("expression"); else it is "changed" when the change map covers ≥ 15 % of its box (a swapped, retouched or blurred
/// face; a differing mesh shape is added to the sentence as a clue, since a mesh fitted on a blurred face wanders as
/// much as one fitted on another person's); else "identity" when nose or outline has another shape. Without a mesh (a locator that gives no features) a face
/// "differs in expression or pose" when its four landmarks (eyes, nose, mouth) moved on average ≥ 8 % of the eye
/// distance (JPEG and resampling move them ~1–3 %);
/// a face on one side only, where the other side has pixels, was added or removed. No face-identity embedding with a
/// licence that allows shipping was available, so a face swap is reported from its pixels, not from identity.
/// Text lines (<see cref="TextFinder"/>) from both sides are merged; a line is reported when the change map covers
/// ≥ 20 % of its box ("text was changed"; "added"/"removed" when only one side has the line).
/// </summary>
internal static class ContentComparison
{
    private const double FaceChanged = 0.15;
    private const double FaceShift = 0.08;
    private const double TextChanged = 0.20;
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static (List<ContentChange> Changes, int Faces, int TextLines) Run(Mat suspect, Mat original, byte[] valid, byte[] changed, IFaceLocator? faces, CancellationToken ct)
    {
        var w = suspect.Cols;
        var h = suspect.Rows;
        var result = new List<ContentChange>();
        var faceCount = 0;
        if (faces is not null && faces.WhyNot is null)
        {
            var fs = faces.Locate(CompareMats.ToRgb(suspect), ct).ToList();
            var fo = faces.Locate(CompareMats.ToRgb(original), ct).Where(f => Covered(valid, w, h, Box(f, w, h)) >= 0.8).ToList();
            faceCount = Math.Max(fs.Count, fo.Count);
            var matched = new HashSet<int>();
            foreach (var f in fs)
            {
                ct.ThrowIfCancellationRequested();
                var box = Box(f, w, h);
                var where = ChangeAnalysis.Position((box.X + (box.Width / 2.0)) / w, (box.Y + (box.Height / 2.0)) / h);
                var frac = Fraction(changed, w, h, box);
                var best = -1;
                var bestIoU = 0.3;
                for (var j = 0; j < fo.Count; j++)
                {
                    var iou = IoU(Area(f), Area(fo[j]));
                    if (!matched.Contains(j) && iou >= bestIoU)
                    {
                        best = j;
                        bestIoU = iou;
                    }
                }

                if (best < 0)
                {
                    if (Covered(valid, w, h, box) >= 0.8)
                    {
                        result.Add(new ContentChange("face", "added", Crop(box), R(frac), null, where, $"A face {where} appears in the suspect but not in the original."));
                    }

                    continue;
                }

                matched.Add(best);
                var o = fo[best];
                var shift = f.Landmarks.Zip(o.Landmarks, (a, b) => Math.Sqrt(Math.Pow(a.X - b.X, 2) + Math.Pow(a.Y - b.Y, 2))).DefaultIfEmpty(0).Average() / Math.Max(f.EyeDistance, o.EyeDistance);
                var geometry = FaceGeometry.Compare(f, o);
                var pixels = frac >= FaceChanged ? string.Create(Inv, $"; {frac * 100:0} % of its pixels differ from the original") : string.Empty;
                if (geometry is { Change: "expression" } ge)
                {
                    // An expression edit changes the mouth's or eyes' pixels too; the mesh says what kind of change it is.
                    result.Add(new ContentChange("face", "expression", Crop(box), R(frac), R(shift), where,
                        string.Create(Inv, $"The face {where} has another expression: laid over the original, its {ge.Feature} moved by {ge.ExpressionShift * 100:0} % of the distance between the eyes while its nose and outline stayed in place ({ge.ShapeShift * 100:0} %){pixels}."), geometry));
                }
                else if (frac >= FaceChanged)
                {
                    // Many changed pixels: a swapped, blurred or retouched face. A mesh fitted on a blurred face wanders
                    // as much as one fitted on another person's, so the shape difference is added as a clue, not a verdict.
                    var clue = geometry is { Change: "identity" } gc
                        ? string.Create(Inv, $"; laid over the original, its {gc.Feature} also differs by {Math.Max(gc.ShapeShift, gc.ExpressionShift) * 100:0} % of the distance between the eyes (another person's face, or a blurred or reshaped one)")
                        : string.Empty;
                    result.Add(new ContentChange("face", "changed", Crop(box), R(frac), R(shift), where,
                        string.Create(Inv, $"The face {where} was changed: {frac * 100:0} % of it differs from the original{clue}."), geometry));
                }
                else if (geometry is { Change: "identity" } gi)
                {
                    result.Add(new ContentChange("face", "identity", Crop(box), R(frac), R(shift), where,
                        string.Create(Inv, $"The face {where} has another shape: laid over the original, its {gi.Feature} differs by {Math.Max(gi.ShapeShift, gi.ExpressionShift) * 100:0} % of the distance between the eyes, as when another person's face is put in or a face is reshaped."), geometry));
                }
                else if (geometry is null && shift >= FaceShift)
                {
                    result.Add(new ContentChange("face", "expression", Crop(box), R(frac), R(shift), where,
                        string.Create(Inv, $"The face {where} differs in expression or pose: its eyes, nose and mouth moved by {shift * 100:0} % of the distance between the eyes.")));
                }
            }

            for (var j = 0; j < fo.Count; j++)
            {
                if (matched.Contains(j))
                {
                    continue;
                }

                var box = Box(fo[j], w, h);
                var where = ChangeAnalysis.Position((box.X + (box.Width / 2.0)) / w, (box.Y + (box.Height / 2.0)) / h);
                result.Add(new ContentChange("face", "removed", Crop(box), R(Fraction(changed, w, h, box)), null, where, $"A face {where} in the original is missing from the suspect."));
            }
        }

        ct.ThrowIfCancellationRequested();
        var ts = TextFinder.Find(suspect);
        var to = TextFinder.Find(original).Where(r => Covered(valid, w, h, r) >= 0.8).ToList();
        var lines = new List<(Rect Box, bool InSuspect, bool InOriginal)>();
        foreach (var r in ts)
        {
            lines.Add((r, true, to.Any(o => IoU(r, o) >= 0.3)));
        }

        foreach (var r in to.Where(o => !ts.Any(s => IoU(s, o) >= 0.3)))
        {
            lines.Add((r, false, true));
        }

        foreach (var (box, inS, inO) in lines)
        {
            var frac = Fraction(changed, w, h, box);
            if (frac < TextChanged)
            {
                continue;
            }

            var where = ChangeAnalysis.Position((box.X + (box.Width / 2.0)) / w, (box.Y + (box.Height / 2.0)) / h);
            var (change, sentence) = (inS, inO) switch
            {
                (true, false) => ("added", $"Text {where} appears in the suspect but not in the original."),
                (false, true) => ("removed", $"Text {where} in the original is missing from the suspect."),
                _ => ("changed", string.Create(Inv, $"Text {where} was changed: {frac * 100:0} % of the text area differs from the original.")),
            };
            result.Add(new ContentChange("text", change, Crop(box), R(frac), null, where, sentence));
        }

        return (result, faceCount, ts.Count);
    }

    private static double R(double v) => Math.Round(v, 4);

    private static CropBox Crop(Rect r) => new(r.X, r.Y, r.Width, r.Height);

    private static Rect2f Area(LocatedFace f) => new(f.X, f.Y, f.Width, f.Height);

    private static Rect Box(LocatedFace f, int w, int h)
    {
        var b = Area(f);
        var x0 = Math.Clamp((int)Math.Floor(b.X), 0, w - 1);
        var y0 = Math.Clamp((int)Math.Floor(b.Y), 0, h - 1);
        var x1 = Math.Clamp((int)Math.Ceiling(b.X + b.Width), x0 + 1, w);
        var y1 = Math.Clamp((int)Math.Ceiling(b.Y + b.Height), y0 + 1, h);
        return new Rect(x0, y0, x1 - x0, y1 - y0);
    }

    private static double IoU(Rect2f a, Rect2f b)
    {
        var ix = Math.Max(0, Math.Min(a.X + a.Width, b.X + b.Width) - Math.Max(a.X, b.X));
        var iy = Math.Max(0, Math.Min(a.Y + a.Height, b.Y + b.Height) - Math.Max(a.Y, b.Y));
        var inter = (double)ix * iy;
        var union = ((double)a.Width * a.Height) + ((double)b.Width * b.Height) - inter;
        return union <= 0 ? 0 : inter / union;
    }

    private static double IoU(Rect a, Rect b) => IoU(new Rect2f(a.X, a.Y, a.Width, a.Height), new Rect2f(b.X, b.Y, b.Width, b.Height));

    private static double Fraction(byte[] mask, int w, int h, Rect box)
    {
        long n = 0, on = 0;
        for (var y = Math.Max(0, box.Y); y < Math.Min(h, box.Bottom); y++)
        {
            for (var x = Math.Max(0, box.X); x < Math.Min(w, box.Right); x++)
            {
                n++;
                on += mask[(y * w) + x] != 0 ? 1 : 0;
            }
        }

        return n == 0 ? 0 : on / (double)n;
    }

    private static double Covered(byte[] valid, int w, int h, Rect box) => Fraction(valid, w, h, box);
}
