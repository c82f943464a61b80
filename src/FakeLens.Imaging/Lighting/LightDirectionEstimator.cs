namespace FakeLens.Imaging.Lighting;

/// <summary>
/// Least-squares 2-D light direction from an occluding contour (Johnson &amp; Farid 2005, "Exposing digital
/// forgeries by detecting inconsistencies in lighting", ACM MM&amp;Sec). On an occluding contour the surface
/// normal lies in the image plane, so a Lambertian surface gives I = v · N + A, with v the light direction
/// (times reflectance) and A the ambient term: three unknowns, one linear equation per contour sample. A
/// small ridge term (λ = 10⁻³ n on v only) keeps nearly straight contours from blowing up, standing in for
/// the paper's smoothness regulariser (which is for several local lights; we fit one light per object).
/// Samples in attached shadow (v · N &lt; 0 after a first fit) break the model and are dropped before a
/// refit. The angle's uncertainty comes from the fit's covariance (residual variance × (MᵀM)⁻¹), inflated
/// ×2 because neighbouring contour samples are not independent (smoothed normals, blurred edges).
/// </summary>
internal static class LightDirectionEstimator
{
    private const double Inflation = 2.0;

    /// <summary>Fits the light direction to samples (outward unit normals nx, ny in image axes, y down; intensity).</summary>
    /// <returns>Null when the fit is not possible (too few samples, normals spanning too small an arc).</returns>
    public static LightEstimate? Fit(ReadOnlySpan<double> nx, ReadOnlySpan<double> ny, ReadOnlySpan<double> intensity)
    {
        var n = nx.Length;
        if (n < 12 || ny.Length != n || intensity.Length != n)
        {
            return null;
        }

        var keep = new bool[n];
        Array.Fill(keep, true);
        var first = Solve(nx, ny, intensity, keep);
        if (first is null)
        {
            return null;
        }

        var (vx, vy, _, _, _) = first.Value;
        var kept = 0;
        for (var i = 0; i < n; i++)
        {
            keep[i] = (vx * nx[i]) + (vy * ny[i]) >= -0.05 * Math.Sqrt((vx * vx) + (vy * vy));
            kept += keep[i] ? 1 : 0;
        }

        var fit = kept >= 12 ? Solve(nx, ny, intensity, keep) ?? first.Value : first.Value;
        var span = NormalSpanDegrees(nx, ny, keep);
        var magnitude = Math.Sqrt((fit.Vx * fit.Vx) + (fit.Vy * fit.Vy));
        // Angle with y up (0° = light from the right, 90° = from above), as a person reads a picture.
        var angle = Normalise(Math.Atan2(-fit.Vy, fit.Vx) * 180 / Math.PI);
        var sigma = double.PositiveInfinity;
        if (magnitude > 0)
        {
            var gx = -fit.Vy / (magnitude * magnitude);
            var gy = fit.Vx / (magnitude * magnitude);
            var variance = (gx * gx * fit.Cov[0]) + (2 * gx * gy * fit.Cov[1]) + (gy * gy * fit.Cov[2]);
            sigma = Math.Min(180, Inflation * Math.Sqrt(Math.Max(0, variance)) * 180 / Math.PI);
        }

        return new LightEstimate(angle, sigma, magnitude, fit.Ambient, fit.Rms, kept, span);
    }

    /// <summary>Smallest angular difference of two directions in degrees (0..180).</summary>
    public static double AngleBetween(double a, double b)
    {
        var d = Math.Abs(Normalise(a - b));
        return d > 180 ? 360 - d : d;
    }

    public static double Normalise(double degrees)
    {
        var d = degrees % 360;
        return d < 0 ? d + 360 : d;
    }

    private static (double Vx, double Vy, double Ambient, double Rms, double[] Cov)? Solve(ReadOnlySpan<double> nx, ReadOnlySpan<double> ny, ReadOnlySpan<double> intensity, bool[] keep)
    {
        // Normal equations for [vx vy A].
        double sxx = 0, sxy = 0, sx1 = 0, syy = 0, sy1 = 0, s11 = 0, bx = 0, by = 0, b1 = 0;
        var m = 0;
        for (var i = 0; i < nx.Length; i++)
        {
            if (!keep[i])
            {
                continue;
            }

            m++;
            sxx += nx[i] * nx[i];
            sxy += nx[i] * ny[i];
            sx1 += nx[i];
            syy += ny[i] * ny[i];
            sy1 += ny[i];
            s11 += 1;
            bx += nx[i] * intensity[i];
            by += ny[i] * intensity[i];
            b1 += intensity[i];
        }

        if (m < 4)
        {
            return null;
        }

        var lambda = 1e-3 * m;
        double[,] a = { { sxx + lambda, sxy, sx1 }, { sxy, syy + lambda, sy1 }, { sx1, sy1, s11 } };
        if (!Invert3(a, out var inv))
        {
            return null;
        }

        var vx = (inv[0, 0] * bx) + (inv[0, 1] * by) + (inv[0, 2] * b1);
        var vy = (inv[1, 0] * bx) + (inv[1, 1] * by) + (inv[1, 2] * b1);
        var amb = (inv[2, 0] * bx) + (inv[2, 1] * by) + (inv[2, 2] * b1);
        double rss = 0;
        for (var i = 0; i < nx.Length; i++)
        {
            if (keep[i])
            {
                var r = intensity[i] - ((vx * nx[i]) + (vy * ny[i]) + amb);
                rss += r * r;
            }
        }

        var s2 = rss / Math.Max(1, m - 3);
        return (vx, vy, amb, Math.Sqrt(rss / m), [s2 * inv[0, 0], s2 * inv[0, 1], s2 * inv[1, 1]]);
    }

    private static bool Invert3(double[,] a, out double[,] inv)
    {
        inv = new double[3, 3];
        var det = (a[0, 0] * ((a[1, 1] * a[2, 2]) - (a[1, 2] * a[2, 1])))
            - (a[0, 1] * ((a[1, 0] * a[2, 2]) - (a[1, 2] * a[2, 0])))
            + (a[0, 2] * ((a[1, 0] * a[2, 1]) - (a[1, 1] * a[2, 0])));
        if (Math.Abs(det) < 1e-12)
        {
            return false;
        }

        for (var r = 0; r < 3; r++)
        {
            for (var c = 0; c < 3; c++)
            {
                int r1 = (c + 1) % 3, r2 = (c + 2) % 3, c1 = (r + 1) % 3, c2 = (r + 2) % 3;
                inv[r, c] = ((a[r1, c1] * a[r2, c2]) - (a[r1, c2] * a[r2, c1])) / det;
            }
        }

        return true;
    }

    /// <summary>Arc (degrees) covered by the kept normals: 360 minus the largest gap between their directions.</summary>
    private static double NormalSpanDegrees(ReadOnlySpan<double> nx, ReadOnlySpan<double> ny, bool[] keep)
    {
        var angles = new List<double>();
        for (var i = 0; i < nx.Length; i++)
        {
            if (keep[i])
            {
                angles.Add(Normalise(Math.Atan2(ny[i], nx[i]) * 180 / Math.PI));
            }
        }

        if (angles.Count < 2)
        {
            return 0;
        }

        angles.Sort();
        var gap = 360 - angles[^1] + angles[0];
        for (var i = 1; i < angles.Count; i++)
        {
            gap = Math.Max(gap, angles[i] - angles[i - 1]);
        }

        return 360 - gap;
    }
}
