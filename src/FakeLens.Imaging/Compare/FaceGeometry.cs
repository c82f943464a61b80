namespace FakeLens.Imaging.Compare;

/// <summary>
/// Compares the geometry of one face in two pictures from its mesh landmarks (MediaPipe's 468-point face mesh,
/// Kartynnik et al. 2019, grouped into <see cref="FaceFeature"/>s by the locator), as the issue allows "mesh geometry
/// where no licensed embedding model is available". The suspect's points are mapped onto the original's by a
/// least-squares similarity (Umeyama 1991: scale, rotation, shift), fitted on all points and refitted on the 75 % that
/// fit best, so one moved feature does not drag the others; each feature's RMS residual is divided by the original's
/// eye distance. A face whose expression features (mouth, eyes, eyebrows) moved ≥ <see cref="Threshold"/> while its
/// shape features (nose, outline) moved less than half as much differs in <b>expression</b>; when the shape features
/// moved ≥ the threshold and at least half as much as the expression features, the face has another <b>shape</b>
/// ("identity": another person's face, or a reshaped one). Geometry cannot tell a swapped face of similar build from
/// the original: that is what the change map's pixels are for.
/// </summary>
public static class FaceGeometry
{
    /// <summary>
    /// Smallest feature shift (fraction of the eye distance) reported: 0.035, six times the largest shift measured on
    /// unchanged faces (kodim04 re-saved at JPEG 75 and 50, brightened: ≤ 0.006, tests/FakeLens.Faces.Tests/Compare);
    /// a mouth-corner lift of 12 % of the eye distance moves the mouth 5 %.
    /// </summary>
    public const double Threshold = 0.035;

    public static FaceGeometryChange? Compare(LocatedFace suspect, LocatedFace original, double threshold = Threshold)
    {
        ArgumentNullException.ThrowIfNull(suspect);
        ArgumentNullException.ThrowIfNull(original);
        if (suspect.Features is not { Count: > 0 } fs || original.Features is not { Count: > 0 } fo || fs.Count != fo.Count
            || fs.Zip(fo).Any(p => p.First.Name != p.Second.Name || p.First.Points.Count != p.Second.Points.Count))
        {
            return null;
        }

        var p = fs.SelectMany(f => f.Points).ToArray();
        var q = fo.SelectMany(f => f.Points).ToArray();
        if (p.Length < 6)
        {
            return null;
        }

        var use = Enumerable.Repeat(true, p.Length).ToArray();
        var map = Fit(p, q, use);
        var res = Residuals(p, q, map);
        var sorted = (double[])res.Clone();
        Array.Sort(sorted);
        var cut = sorted[(int)(0.75 * (sorted.Length - 1))];
        for (var i = 0; i < use.Length; i++)
        {
            use[i] = res[i] <= cut;
        }

        map = Fit(p, q, use);
        res = Residuals(p, q, map);
        var eye = original.EyeDistance;
        var shifts = new Dictionary<string, double>();
        double expression = 0, shape = 0;
        var feature = fs[0].Name;
        var best = -1.0;
        var k = 0;
        foreach (var f in fs)
        {
            double sum = 0;
            for (var j = 0; j < f.Points.Count; j++, k++)
            {
                sum += res[k] * res[k];
            }

            var shift = Math.Round(Math.Sqrt(sum / Math.Max(1, f.Points.Count)) / eye, 4);
            shifts[f.Name] = shift;
            if (f.Expression)
            {
                expression = Math.Max(expression, shift);
            }
            else
            {
                shape = Math.Max(shape, shift);
            }

            if (shift > best)
            {
                best = shift;
                feature = f.Name;
            }
        }

        string? change = null;
        if (shape >= threshold && shape >= 0.5 * expression)
        {
            change = "identity";
        }
        else if (expression >= threshold && shape < 0.5 * expression)
        {
            change = "expression";
        }

        return new FaceGeometryChange(change, expression, shape, feature, shifts);
    }

    /// <summary>Similarity q ≈ s·R·p + t by least squares (closed form in 2-D): returns (a, b, tx, ty) with x' = a·x − b·y + tx, y' = b·x + a·y + ty.</summary>
    private static (double A, double B, double Tx, double Ty) Fit((float X, float Y)[] p, (float X, float Y)[] q, bool[] use)
    {
        double n = 0, px = 0, py = 0, qx = 0, qy = 0;
        for (var i = 0; i < p.Length; i++)
        {
            if (!use[i])
            {
                continue;
            }

            n++;
            px += p[i].X;
            py += p[i].Y;
            qx += q[i].X;
            qy += q[i].Y;
        }

        px /= n;
        py /= n;
        qx /= n;
        qy /= n;
        double sxx = 0, sxy = 0, norm = 0;
        for (var i = 0; i < p.Length; i++)
        {
            if (!use[i])
            {
                continue;
            }

            var ux = p[i].X - px;
            var uy = p[i].Y - py;
            var vx = q[i].X - qx;
            var vy = q[i].Y - qy;
            sxx += (ux * vx) + (uy * vy);
            sxy += (ux * vy) - (uy * vx);
            norm += (ux * ux) + (uy * uy);
        }

        if (norm < 1e-9)
        {
            return (1, 0, qx - px, qy - py);
        }

        var a = sxx / norm;
        var b = sxy / norm;
        return (a, b, qx - ((a * px) - (b * py)), qy - ((b * px) + (a * py)));
    }

    private static double[] Residuals((float X, float Y)[] p, (float X, float Y)[] q, (double A, double B, double Tx, double Ty) m)
    {
        var r = new double[p.Length];
        for (var i = 0; i < p.Length; i++)
        {
            var x = (m.A * p[i].X) - (m.B * p[i].Y) + m.Tx;
            var y = (m.B * p[i].X) + (m.A * p[i].Y) + m.Ty;
            r[i] = Math.Sqrt(((x - q[i].X) * (x - q[i].X)) + ((y - q[i].Y) * (y - q[i].Y)));
        }

        return r;
    }
}
