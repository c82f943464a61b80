namespace FakeLens.Faces.Cues;

// Face-swap flicker: a swapped face is synthesised frame by frame and blended back, so its texture and noise
// change from frame to frame more than the untouched frame around it, and its landmarks tremble (Güera & Delp
// 2018 and Sabir et al. 2019 learned this with recurrent networks; here it is measured directly). Texture: the
// face and surroundings noise floors of FaceRegionAnalyzer per frame; flicker = standard deviation of the
// frame-to-frame difference of their logarithms / √2. Camera noise and compression change the whole frame
// alike, so the ratio's flicker cancels them; a face flickering against a steady background does not cancel.
// Landmarks: each mesh is put in its own eye-aligned frame (origin between the outer eye corners, x along the
// eye line, unit = eye span), removing head motion in the image plane; the second difference over three
// consecutive frames keeps only the tremble. Consecutive = time step within 1.5 frame steps.
public static class FlickerAnalyzer
{
    /// <summary>Flicker of one track: per-frame normalised meshes (null = no mesh) and face/surroundings statistics.</summary>
    public static FlickerStatistics Analyze(IReadOnlyList<float[]?> normalisedMeshes, IReadOnlyList<FaceSurroundings?> regions)
    {
        ArgumentNullException.ThrowIfNull(normalisedMeshes);
        ArgumentNullException.ThrowIfNull(regions);
        var jitter = new List<double>();
        for (var i = 1; i + 1 < normalisedMeshes.Count; i++)
        {
            if (normalisedMeshes[i - 1] is { } a && normalisedMeshes[i] is { } b && normalisedMeshes[i + 1] is { } c)
            {
                double s = 0;
                for (var k = 0; k < b.Length; k++)
                {
                    var d = a[k] - (2 * b[k]) + c[k];
                    s += d * d;
                }

                jitter.Add(Math.Sqrt(s / (b.Length / 2)));
            }
        }

        var face = regions.Select(r => r is { Measured: true } ? Math.Log(Math.Max(r.Face.Noise, 0.05)) : double.NaN).ToArray();
        var ring = regions.Select(r => r is { Measured: true } ? Math.Log(Math.Max(r.Ring.Noise, 0.05)) : double.NaN).ToArray();
        var ratio = regions.Select(r => r is { Measured: true } ? r.NoiseLogRatio : double.NaN).ToArray();
        var detail = regions.Select(r => r is { Measured: true } ? r.DetailLogRatio : double.NaN).ToArray();
        return new FlickerStatistics(
            jitter.Count > 0 ? Series.Median(jitter) : double.NaN,
            Series.HighFrequency(face),
            Series.HighFrequency(ring),
            Series.HighFrequency(ratio),
            Series.HighFrequency(detail),
            regions.Count(r => r is { Measured: true }));
    }

    /// <summary>The mesh's x, y in its eye-aligned frame (origin between outer eye corners, unit = eye span).</summary>
    public static float[] Normalise(Mesh.FaceMesh mesh)
    {
        ArgumentNullException.ThrowIfNull(mesh);
        var (rx, ry) = mesh[Mesh.MeshRegions.RightEyeOuter];
        var (lx, ly) = mesh[Mesh.MeshRegions.LeftEyeOuter];
        double ox = (rx + lx) / 2.0, oy = (ry + ly) / 2.0;
        var span = Math.Max(mesh.EyeSpan, 1e-3);
        var angle = Math.Atan2(ly - ry, lx - rx);
        double c = Math.Cos(angle) / span, s = Math.Sin(angle) / span;
        var result = new float[Mesh.FaceMesh.PointCount * 2];
        for (var i = 0; i < Mesh.FaceMesh.PointCount; i++)
        {
            var (x, y) = mesh[i];
            double dx = x - ox, dy = y - oy;
            result[2 * i] = (float)((c * dx) + (s * dy));
            result[(2 * i) + 1] = (float)((-s * dx) + (c * dy));
        }

        return result;
    }
}
