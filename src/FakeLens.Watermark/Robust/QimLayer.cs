namespace FakeLens.Watermark.Robust;

/// <summary>
/// Second payload layer of the FakeLens image mark (layout v2): dithered quantisation index modulation (Chen &amp;
/// Wornell 2001) of smooth cell means of luma on the canonical grid. Each cell (24 × 24 reference pixels, about 15 px
/// of a 481 × 321 photo) carries one coded bit by moving its hat-weighted mean onto one of two interleaved lattices
/// of step <see cref="Step"/> grey levels, offset by a keyed dither. Unlike spread spectrum, the reader does not
/// fight the photo's own content at these low frequencies (the host is quantised, not added to), so the layer
/// survives what low-pass attacks leave: halving plus JPEG 50 keeps cell means to about a grey level.
/// </summary>
/// <remarks>
/// The 140 coded bits (the same 64-bit message as the spread-spectrum layer: 32-bit payload and 32-bit keyed tag,
/// K = 7 rate-½ convolutional code) sit on a keyed 12 × 12-cell pattern repeated over the image from its top-left
/// corner; the reader sums each bit's soft values (the cosine of its lattice phase) over every repetition and decodes
/// by soft Viterbi. The change is a bilinear field over cell centres (no block edges), solved so that each cell's
/// measured mean lands on its target, and the reader measures the mean with the same bilinear weights.
/// </remarks>
internal sealed class QimLayer
{
    /// <summary>Cell pitch in reference pixels (the canonical grid has short side 512): 15 px of a 481 × 321 photo.</summary>
    public const int CellPixels = 24;

    /// <summary>Cells per side of the repeating keyed pattern.</summary>
    public const int Period = 12;

    /// <summary>Quantiser step Δ in grey levels.</summary>
    public const double Step = 5;

    /// <summary>
    /// Distortion compensation (Chen &amp; Wornell's α): each mean moves 70 % of the way to its lattice point, which
    /// for the same energy allows a larger step (measured on CBSD68: step 5 at α 0.7 beat step 4 at α 1 at a lower cost).
    /// </summary>
    public const double Compensation = 0.7;

    private QimLayer(int[] cellBit, double[] dither)
    {
        CellBit = cellBit;
        Dither = dither;
    }

    /// <summary>Coded-bit index of each pattern cell.</summary>
    public int[] CellBit { get; }

    /// <summary>Keyed dither of each pattern cell as a fraction of the step, in [0, 1).</summary>
    public double[] Dither { get; }

    public static QimLayer For(WatermarkKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var rng = new SplitMix64(key.Seed("fakelens-image/qim-layout-v2"));
        const int cells = Period * Period;
        var order = new int[cells];
        for (var i = 0; i < cells; i++)
        {
            order[i] = i;
        }

        for (var i = cells - 1; i > 0; i--)
        {
            var j = rng.NextInt(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }

        var bit = new int[cells];
        var dither = new double[cells];
        for (var n = 0; n < cells; n++)
        {
            bit[order[n]] = n % RobustLayout.CodedBits;
            dither[order[n]] = (rng.Next() >> 11) * (1.0 / (1UL << 53));
        }

        return new QimLayer(bit, dither);
    }

    /// <summary>Cells along an axis of <paramref name="length"/> reference pixels.</summary>
    public static int CellCount(int length) => Math.Max(2, (int)Math.Round(length / (double)CellPixels));

    /// <summary>
    /// Adds the layer to <paramref name="luma"/> (image pixels, modified in place, kept within 0..255) carrying
    /// <paramref name="coded"/>; <paramref name="f"/> is image pixels per reference pixel.
    /// </summary>
    public void Embed(float[] luma, int w, int h, double f, bool[] coded, CancellationToken cancellationToken)
    {
        var rw = Math.Max(1, (int)Math.Round(w / f));
        var rh = Math.Max(1, (int)Math.Round(h / f));
        var nx = CellCount(rw);
        var ny = CellCount(rh);
        var target = new double[nx * ny];
        var (ax0, ax1, axT) = PixelAxis(w, f, nx);
        var (ay0, ay1, ayT) = PixelAxis(h, f, ny);
        var step = Step;
        for (var iteration = 0; iteration < 3; iteration++)
        {
            var means = CellMeans(LumaOps.Resample(luma, w, h, rw, rh, cancellationToken), rw, rh);
            var delta = new double[nx * ny];
            for (var cy = 0; cy < ny; cy++)
            {
                for (var cx = 0; cx < nx; cx++)
                {
                    var k = (cy * nx) + cx;
                    if (iteration == 0)
                    {
                        var p = PatternIndex(cx, cy);
                        var offset = (Dither[p] + (coded[CellBit[p]] ? 0.5 : 0)) * step;
                        var q = (Math.Round((means[k] - offset) / step) * step) + offset;
                        target[k] = means[k] + (Compensation * (q - means[k]));
                    }

                    delta[k] = target[k] - means[k];
                }
            }

            var amplitude = SolveSeparable(delta, nx, ny);
            for (var y = 0; y < h; y++)
            {
                var r0 = ay0[y] * nx;
                var r1 = ay1[y] * nx;
                var ty = ayT[y];
                var row = y * w;
                for (var x = 0; x < w; x++)
                {
                    var tx = axT[x];
                    var d = (((amplitude[r0 + ax0[x]] * (1 - tx)) + (amplitude[r0 + ax1[x]] * tx)) * (1 - ty))
                        + (((amplitude[r1 + ax0[x]] * (1 - tx)) + (amplitude[r1 + ax1[x]] * tx)) * ty);
                    luma[row + x] = Math.Clamp(luma[row + x] + (float)d, 0f, 255f);
                }
            }
        }
    }

    /// <summary>
    /// Soft coded bits (positive = 1) read from a reference-scale luma plane whose grid starts at its top-left corner:
    /// first on the luma scale as it is, then after undoing the affine luma change (brightness, contrast, a codec's
    /// offset) that best puts the cell means back on the quantiser lattice. The affine estimate is blind to a
    /// half-step shift, which inverts every bit, so the caller also tries the second reading negated.
    /// </summary>
    public (double[] AsIs, double[] Affine) Read(float[] reference, int rw, int rh)
    {
        var nx = CellCount(rw);
        var ny = CellCount(rh);
        var means = CellMeans(reference, rw, rh);
        var dither = new double[means.Length];
        var bit = new int[means.Length];
        for (var cy = 0; cy < ny; cy++)
        {
            for (var cx = 0; cx < nx; cx++)
            {
                var p = PatternIndex(cx, cy);
                dither[(cy * nx) + cx] = Dither[p];
                bit[(cy * nx) + cx] = CellBit[p];
            }
        }

        var (gain, offset) = EstimateAffine(means, dither);
        return (Soft(means, dither, bit, 1, 0), Soft(means, dither, bit, gain, offset));
    }

    private static double[] Soft(double[] means, double[] dither, int[] bit, double gain, double offset)
    {
        var coded = new double[RobustLayout.CodedBits];
        var step = Step;
        for (var k = 0; k < means.Length; k++)
        {
            var phase = 2 * Math.PI * ((((gain * means[k]) + offset) / step) - dither[k]);
            coded[bit[k]] -= Math.Cos(phase);
        }

        return coded;
    }

    /// <summary>Gains searched for the blind affine estimate (brightness ±30 %, contrast up to ×1.4).</summary>
    internal const double MinGain = 0.7;

    internal const double MaxGain = 1.4;

    /// <summary>
    /// The map v → g·v + o under which the means sit best on the union of both bit lattices (a lattice of step Δ/2,
    /// so the unknown bits do not matter): for each gain the best offset is the phase of Σ exp(i·4π(g·m − u·Δ)/Δ),
    /// and its modulus scores the gain. Coarse scan in 0.2 % steps, then 0.02 % around the best.
    /// </summary>
    internal (double Gain, double Offset) EstimateAffine(double[] means, double[] dither)
    {
        var step = Step;
        (double Score, double Gain, double Offset) Score(double g)
        {
            double re = 0;
            double im = 0;
            for (var k = 0; k < means.Length; k++)
            {
                var phase = 4 * Math.PI * (((g * means[k]) / step) - dither[k]);
                re += Math.Cos(phase);
                im += Math.Sin(phase);
            }

            // Σ exp(i(φ_k + θ)) is real and maximal for θ = −arg; θ = 4π·o/Δ.
            var theta = -Math.Atan2(im, re);
            return ((re * re) + (im * im), g, theta * step / (4 * Math.PI));
        }

        var best = Score(1);
        for (var g = MinGain; g <= MaxGain; g += 0.002)
        {
            var s = Score(g);
            if (s.Score > best.Score)
            {
                best = s;
            }
        }

        var centre = best.Gain;
        for (var g = centre - 0.002; g <= centre + 0.002; g += 0.0002)
        {
            var s = Score(g);
            if (s.Score > best.Score)
            {
                best = s;
            }
        }

        return (best.Gain, best.Offset);
    }

    private static int PatternIndex(int cx, int cy) => ((cy % Period) * Period) + (cx % Period);

    /// <summary>Bilinear (hat) weighted mean of every cell of a reference-scale plane.</summary>
    internal static double[] CellMeans(float[] plane, int rw, int rh)
    {
        var nx = CellCount(rw);
        var ny = CellCount(rh);
        var (x0, x1, xt) = CellAxis(rw, nx);
        var (y0, y1, yt) = CellAxis(rh, ny);
        var sum = new double[nx * ny];
        var weight = new double[nx * ny];
        for (var y = 0; y < rh; y++)
        {
            var r0 = y0[y] * nx;
            var r1 = y1[y] * nx;
            var ty = yt[y];
            var row = y * rw;
            for (var x = 0; x < rw; x++)
            {
                var v = plane[row + x];
                var tx = xt[x];
                var w00 = (1 - tx) * (1 - ty);
                var w01 = tx * (1 - ty);
                var w10 = (1 - tx) * ty;
                var w11 = tx * ty;
                sum[r0 + x0[x]] += w00 * v;
                weight[r0 + x0[x]] += w00;
                sum[r0 + x1[x]] += w01 * v;
                weight[r0 + x1[x]] += w01;
                sum[r1 + x0[x]] += w10 * v;
                weight[r1 + x0[x]] += w10;
                sum[r1 + x1[x]] += w11 * v;
                weight[r1 + x1[x]] += w11;
            }
        }

        for (var i = 0; i < sum.Length; i++)
        {
            sum[i] = weight[i] > 0 ? sum[i] / weight[i] : 0;
        }

        return sum;
    }

    /// <summary>Cell coordinate of reference pixel centres: a = (r + ½)/C − ½, clamped to the cells that exist.</summary>
    private static (int[] C0, int[] C1, double[] T) CellAxis(int length, int cells)
    {
        var c0 = new int[length];
        var c1 = new int[length];
        var t = new double[length];
        for (var r = 0; r < length; r++)
        {
            (c0[r], c1[r], t[r]) = CellAt(((r + 0.5) / CellPixels) - 0.5, cells);
        }

        return (c0, c1, t);
    }

    /// <summary>The same cell coordinates for image pixels (pixel x sits at reference (x + ½)/f − ½).</summary>
    private static (int[] C0, int[] C1, double[] T) PixelAxis(int length, double f, int cells)
    {
        var c0 = new int[length];
        var c1 = new int[length];
        var t = new double[length];
        for (var x = 0; x < length; x++)
        {
            var reference = ((x + 0.5) / f) - 0.5;
            (c0[x], c1[x], t[x]) = CellAt(((reference + 0.5) / CellPixels) - 0.5, cells);
        }

        return (c0, c1, t);
    }

    private static (int C0, int C1, double T) CellAt(double a, int cells)
    {
        a = Math.Clamp(a, 0, cells - 1);
        var i = Math.Min((int)Math.Floor(a), cells - 2);
        return (i, i + 1, a - i);
    }

    /// <summary>
    /// Bilinear amplitudes whose hat-weighted cell means change by <paramref name="delta"/>: the means of a bilinear
    /// field are (T ⊗ T) a with T = tridiag(1/6, 2/3, 1/6) inside the image, solved per axis (Thomas algorithm); the
    /// embedder's outer loop corrects what the edges, resampling and clipping leave.
    /// </summary>
    private static double[] SolveSeparable(double[] delta, int nx, int ny)
    {
        var a = (double[])delta.Clone();
        var line = new double[Math.Max(nx, ny)];
        for (var y = 0; y < ny; y++)
        {
            for (var x = 0; x < nx; x++)
            {
                line[x] = a[(y * nx) + x];
            }

            Tridiagonal(line, nx);
            for (var x = 0; x < nx; x++)
            {
                a[(y * nx) + x] = line[x];
            }
        }

        for (var x = 0; x < nx; x++)
        {
            for (var y = 0; y < ny; y++)
            {
                line[y] = a[(y * nx) + x];
            }

            Tridiagonal(line, ny);
            for (var y = 0; y < ny; y++)
            {
                a[(y * nx) + x] = line[y];
            }
        }

        return a;
    }

    private static void Tridiagonal(double[] d, int n)
    {
        const double off = 1.0 / 6;
        const double diag = 2.0 / 3;
        var c = new double[n];
        var b0 = diag + off; // edge cells: the clamped half-cell beyond the centre counts as the cell itself
        c[0] = off / b0;
        d[0] /= b0;
        for (var i = 1; i < n; i++)
        {
            var b = (i == n - 1 ? diag + off : diag) - (off * c[i - 1]);
            c[i] = off / b;
            d[i] = (d[i] - (off * d[i - 1])) / b;
        }

        for (var i = n - 2; i >= 0; i--)
        {
            d[i] -= c[i] * d[i + 1];
        }
    }
}
