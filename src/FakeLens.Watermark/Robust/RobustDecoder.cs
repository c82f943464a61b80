using FakeLens.Audio.Dsp;

namespace FakeLens.Watermark.Robust;

/// <summary>
/// The detector side of the FakeLens image mark: canonical resampling, residual extraction, autocorrelation-based
/// grid recovery, folding of all tile repetitions into one tile, translation search against the keyed sync chips,
/// and soft Viterbi decoding. See <see cref="FakeLensImageWatermark"/> for the design and its sources.
/// </summary>
internal static class RobustDecoder
{
    private const int TilePixels = FakeLensImageWatermark.TilePixels;
    private const int ChipPixels = FakeLensImageWatermark.ChipPixels;
    private const int MaxAcfPeaks = 10;

    /// <summary>At most this many grid hypotheses are decoded (the identity included); the false-positive bound scales with it.</summary>
    internal const int MaxHypotheses = 12;

    /// <summary>Scales the crop fallback hands to the decoder.</summary>
    internal const int SweepKeep = 3;

    private const int SweepWindow = 256;
    private const double SweepStep = 1.004;

    /// <summary>Scales the crop fallback scores (for the Bonferroni factor of the reported sync p-value).</summary>
    internal static int SweepSteps => (int)Math.Floor(Math.Log(MaxScale) / Math.Log(SweepStep)) + 1;
    private const double CoarseAngleDegrees = 10;
    private const int CoarseKeep = 6;

    /// <summary>
    /// Whitened spectral power kept above this floor (host bins are about exponentially distributed with mean 1, so
    /// 3 keeps 5 % of them, while the mark's lines stand well above it).
    /// </summary>
    private const double SpectralFloor = 3;

    /// <summary>Grid scales searched: 0.7 covers slight enlargements of a crop's canvas, 2 a crop to a quarter of the area.</summary>
    private const double MinScale = 0.7;
    private const double MaxScale = 2.0;

    /// <summary>
    /// The image's luma at the reference scale (short side 512), as a locally normalised residual.
    /// <paramref name="luma"/> is only read (it is the image's shared luma plane): no copy of it is made, which at 16 MP
    /// was 64 MB on top of the scan's peak (issue 19).
    /// </summary>
    public static (float[] Residual, float[] Reference, int Width, int Height, double HostActivity) Prepare(float[] luma, int width, int height, CancellationToken cancellationToken)
    {
        var f = Math.Min(width, height) / (double)FakeLensImageWatermark.ReferenceSide;
        var rw = Math.Max(1, (int)Math.Round(width / f));
        var rh = Math.Max(1, (int)Math.Round(height / f));
        var y = LumaOps.Resample(luma, width, height, rw, rh, cancellationToken);
        var smooth = LumaOps.BoxBlur(y, rw, rh, 2, cancellationToken);
        var r = new float[y.Length];
        var sq = new float[y.Length];
        for (var i = 0; i < r.Length; i++)
        {
            r[i] = y[i] - smooth[i];
            sq[i] = r[i] * r[i];
        }

        var local = LumaOps.BoxBlur(sq, rw, rh, 4, cancellationToken);
        double activity = 0;
        for (var i = 0; i < r.Length; i++)
        {
            var l = Math.Max(0f, local[i]);
            activity += l;
            var v = r[i] / (MathF.Sqrt(l) + 1f);
            r[i] = Math.Clamp(v, -3f, 3f);
        }

        return (r, y, rw, rh, Math.Sqrt(activity / r.Length));
    }

    /// <summary>Grid guesses: the unchanged grid first, then those implied by the residual's autocorrelation peaks.</summary>
    public static List<GridHypothesis> Hypotheses(float[] r, int w, int h, CancellationToken cancellationToken)
    {
        var list = new List<GridHypothesis> { new(1, 0) };
        var p = 1;
        while (p * 2 <= Math.Min(Math.Min(w, h), 512))
        {
            p *= 2;
        }

        if (p < 128)
        {
            return list;
        }

        var acf = Autocorrelation(r, w, h, p, cancellationToken);
        var radial = RadialRms(acf, p);
        var peaks = new List<(double Score, int Dx, int Dy)>();
        var minR = MinScale * TilePixels * 0.95;
        var maxR = Math.Min((p / 2) - 3, 3 * MaxScale * TilePixels);
        for (var dy = 0; dy < p / 2; dy++)
        {
            for (var dx = -p / 2 + 1; dx < p / 2; dx++)
            {
                if (dy == 0 && dx <= 0)
                {
                    continue;
                }

                var rr = Math.Sqrt((dx * dx) + (dy * dy));
                if (rr < minR || rr > maxR)
                {
                    continue;
                }

                var v = At(acf, p, dx, dy);
                if (v <= 0 || !IsLocalMax(acf, p, dx, dy, v))
                {
                    continue;
                }

                var score = v / Math.Max(1e-12, radial[(int)Math.Round(rr)]);
                peaks.Add((score, dx, dy));
            }
        }

        peaks.Sort((a, b) => b.Score.CompareTo(a.Score));
        var candidates = new List<GridHypothesis>();
        foreach (var (_, dx, dy) in peaks.Take(MaxAcfPeaks))
        {
            // The peak may be a lattice vector, its 2nd or 3rd multiple, or a diagonal (v1 + v2): try each reading.
            var (sx, sy) = Refine(acf, p, dx, dy);
            var len = Math.Sqrt((sx * sx) + (sy * sy));
            var ang = NormaliseQuarter(Math.Atan2(sy, sx));
            for (var m = 1; m <= 3; m++)
            {
                AddRefined(candidates, acf, p, new GridHypothesis(len / (m * TilePixels), ang));
                AddRefined(candidates, acf, p, new GridHypothesis(len / (m * TilePixels * Math.Sqrt(2)), NormaliseQuarter(ang - (Math.PI / 4))));
            }
        }

        // A coarse scan of scale × small rotations scored by the whole lattice: on busy photos the mark's peaks are
        // not among the strongest single peaks, but its lattice still stands out as a whole.
        foreach (var g in CoarseScan(acf, radial, p))
        {
            AddRefined(candidates, acf, p, g);
        }

        // Keep the readings that the whole lattice supports (Voloshynovskiy et al.: the mark's ACF is a full grid
        // of peaks, a texture's a few), not just the single strongest peak.
        var scored = candidates.Select(g => (Score: LatticeSupport(acf, radial, p, g), Grid: g)).OrderByDescending(x => x.Score).ToList();
        foreach (var (_, g) in scored.Take(MaxHypotheses - 1))
        {
            if (!list.Exists(e => Math.Abs(e.Scale - g.Scale) < 0.002 && Math.Abs(e.Angle - g.Angle) < 0.002))
            {
                list.Add(g);
            }
        }

        return list;
    }

    /// <summary>Folds, synchronises and decodes under every hypothesis; returns the best reading.</summary>
    public static RobustReading Read(float[] r, int w, int h, RobustLayout layout, IReadOnlyList<GridHypothesis> hypotheses, CancellationToken cancellationToken) =>
        Read(r, w, h, layout, SyncTemplate.For(layout), hypotheses, cancellationToken);

    /// <summary>As above with the key's sync template already computed (the fuzz harness builds it once).</summary>
    internal static RobustReading Read(float[] r, int w, int h, RobustLayout layout, SyncTemplate sync, IReadOnlyList<GridHypothesis> hypotheses, CancellationToken cancellationToken)
    {
        var (syncRe, syncIm, syncNorm) = sync;
        RobustReading? best = null;
        var tried = 0;
        foreach (var g in hypotheses)
        {
            cancellationToken.ThrowIfCancellationRequested();
            tried++;
            var fold = Fold(r, w, h, g, cancellationToken);
            var (dx, dy, z) = Synchronise(fold, syncRe, syncIm, syncNorm);
            var soft = ChipSoft(fold, dx, dy);
            var coded = new double[RobustLayout.CodedBits];
            for (var k = 0; k < RobustLayout.Chips; k++)
            {
                var b = layout.ChipBit[k];
                if (b >= 0)
                {
                    coded[b] += layout.ChipSign[k] * soft[k];
                }
            }

            var message = ConvolutionalCode.Decode(coded, RobustLayout.MessageBits);
            var recoded = ConvolutionalCode.Encode(message);
            var matching = 0;
            for (var i = 0; i < recoded.Length; i++)
            {
                if ((coded[i] > 0) == recoded[i])
                {
                    matching++;
                }
            }

            var reading = new RobustReading(layout.TagMatches(message), message, matching, z, g, tried);
            if (best is null || Better(reading, best))
            {
                best = reading;
            }
        }

        return best! with { HypothesesTried = tried };
    }

    /// <summary>
    /// Fallback for crops of busy photos, whose autocorrelation does not show the lattice: sweeps the grid scale from
    /// 1 to <see cref="MaxScale"/> (0.4 % steps, no rotation — a crop enlarges the grid on the canonical scale and
    /// changes nothing else) on the central 256 × 256 px, scored by the sync correlation, and returns the best few
    /// scales that no hypothesis already covers.
    /// </summary>
    public static List<GridHypothesis> ScaleSweep(float[] r, int w, int h, RobustLayout layout, IReadOnlyList<GridHypothesis> known, CancellationToken cancellationToken) =>
        ScaleSweep(r, w, h, SyncTemplate.For(layout), known, MaxScale, cancellationToken);

    /// <summary>As above up to <paramref name="maxScale"/> (the fuzz harness sweeps a few steps: the code per step is the same).</summary>
    internal static List<GridHypothesis> ScaleSweep(float[] r, int w, int h, SyncTemplate sync, IReadOnlyList<GridHypothesis> known, double maxScale, CancellationToken cancellationToken)
    {
        var (syncRe, syncIm, syncNorm) = sync;
        var rw = Math.Min(w, SweepWindow);
        var rh = Math.Min(h, SweepWindow);
        var x0 = (w - rw) / 2;
        var y0 = (h - rh) / 2;
        var scored = new List<(double Z, GridHypothesis Grid)>();
        for (var sc = 1.0; sc <= maxScale; sc *= SweepStep)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var g = new GridHypothesis(sc, 0);
            var fold = Fold(r, w, h, g, x0, y0, rw, rh, cancellationToken);
            scored.Add((Synchronise(fold, syncRe, syncIm, syncNorm).Z, g));
        }

        scored.Sort((a, b) => b.Z.CompareTo(a.Z));
        var result = new List<GridHypothesis>();
        foreach (var (_, g) in scored)
        {
            if (result.Count >= SweepKeep)
            {
                break;
            }

            var covered = known.Any(k => Math.Abs(Math.Log(k.Scale / g.Scale)) < 0.004 && Math.Abs(k.Angle) < 0.003)
                || result.Any(k => Math.Abs(Math.Log(k.Scale / g.Scale)) < 0.02);
            if (!covered)
            {
                result.Add(g);
            }
        }

        return result;
    }

    private static bool Better(RobustReading a, RobustReading b) =>
        a.TagMatches != b.TagMatches ? a.TagMatches : a.SyncZ > b.SyncZ;

    internal static double[] Fold(float[] r, int w, int h, GridHypothesis g, CancellationToken cancellationToken) =>
        Fold(r, w, h, g, 0, 0, w, h, cancellationToken);

    /// <summary>Folds the rectangle (x0, y0, rw, rh) of the residual; coordinates stay relative to the image centre.</summary>
    private static double[] Fold(float[] r, int w, int h, GridHypothesis g, int x0, int y0, int rw, int rh, CancellationToken cancellationToken)
    {
        const int t = TilePixels;
        var fold = new double[t * t];
        var c = Math.Cos(g.Angle) / g.Scale;
        var s = Math.Sin(g.Angle) / g.Scale;
        var cx = ((w - 1) / 2.0) - x0;
        var cy = (h - 1) / 2.0;
        for (var y = y0; y < y0 + rh; y++)
        {
            if ((y & 63) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            var ddy = y - cy;
            var u = (c * -cx) + (s * ddy);
            var v = (-s * -cx) + (c * ddy);
            var row = (y * w) + x0;
            for (var x = 0; x < rw; x++, u += c, v -= s)
            {
                var val = r[row + x];
                if (val == 0)
                {
                    continue;
                }

                var uf = u - (Math.Floor(u / t) * t);
                var vf = v - (Math.Floor(v / t) * t);
                var u0 = (int)uf;
                var v0 = (int)vf;
                var fu = uf - u0;
                var fv = vf - v0;
                u0 %= t;
                v0 %= t;
                var u1 = (u0 + 1) % t;
                var v1 = (v0 + 1) % t;
                fold[(v0 * t) + u0] += val * (1 - fu) * (1 - fv);
                fold[(v0 * t) + u1] += val * fu * (1 - fv);
                fold[(v1 * t) + u0] += val * (1 - fu) * fv;
                fold[(v1 * t) + u1] += val * fu * fv;
            }
        }

        return fold;
    }

    /// <summary>Cyclic cross-correlation with the sync tile: best shift (sub-pixel) and its z-score under a Gaussian null.</summary>
    private static (double Dx, double Dy, double Z) Synchronise(double[] fold, double[] syncRe, double[] syncIm, double syncNorm)
    {
        const int t = TilePixels;
        double mean = 0;
        foreach (var v in fold)
        {
            mean += v;
        }

        mean /= fold.Length;
        double var = 0;
        var re = new double[t * t];
        var im = new double[t * t];
        for (var i = 0; i < fold.Length; i++)
        {
            re[i] = fold[i] - mean;
            var += re[i] * re[i];
        }

        var sd = Math.Sqrt(var / fold.Length);
        Fft.Transform2D(re, im, t, t, false);
        for (var i = 0; i < re.Length; i++)
        {
            var a = re[i];
            var b = im[i];
            re[i] = (a * syncRe[i]) + (b * syncIm[i]);
            im[i] = (b * syncRe[i]) - (a * syncIm[i]);
        }

        Fft.Transform2D(re, im, t, t, true);
        var bi = 0;
        for (var i = 1; i < re.Length; i++)
        {
            if (re[i] > re[bi])
            {
                bi = i;
            }
        }

        var px = bi % t;
        var py = bi / t;

        // Null distribution from the correlation surface itself: the 4 095 wrong shifts are samples of what an
        // unmarked (or wrongly keyed) fold gives, whatever the spatial correlation of the host residual.
        double cm = 0;
        double cs = 0;
        for (var i = 0; i < re.Length; i++)
        {
            cm += re[i];
        }

        cm /= re.Length;
        for (var i = 0; i < re.Length; i++)
        {
            cs += (re[i] - cm) * (re[i] - cm);
        }

        cs = Math.Sqrt(cs / re.Length);
        var z = sd <= 0 || syncNorm <= 0 || cs <= 0 ? 0 : (re[bi] - cm) / cs;
        var ox = Parabolic(re[(py * t) + ((px + t - 1) % t)], re[bi], re[(py * t) + ((px + 1) % t)]);
        var oy = Parabolic(re[(((py + t - 1) % t) * t) + px], re[bi], re[(((py + 1) % t) * t) + px]);
        return (px + ox, py + oy, z);
    }

    /// <summary>Correlates the aligned fold with each chip's bilinear basis (the transpose of <see cref="FakeLensImageWatermark.RenderTile"/>).</summary>
    private static double[] ChipSoft(double[] fold, double dx, double dy)
    {
        const int t = TilePixels;
        const int n = RobustLayout.ChipsPerSide;
        var soft = new double[RobustLayout.Chips];
        for (var py = 0; py < t; py++)
        {
            var ay = ((py - dy + 0.5) / ChipPixels) - 0.5;
            var iy = Math.Floor(ay);
            var ty = ay - iy;
            var y0 = (((int)iy % n) + n) % n;
            var y1 = (y0 + 1) % n;
            for (var px = 0; px < t; px++)
            {
                var ax = ((px - dx + 0.5) / ChipPixels) - 0.5;
                var ix = Math.Floor(ax);
                var tx = ax - ix;
                var x0 = (((int)ix % n) + n) % n;
                var x1 = (x0 + 1) % n;
                var v = fold[(py * t) + px];
                soft[(y0 * n) + x0] += v * (1 - tx) * (1 - ty);
                soft[(y0 * n) + x1] += v * tx * (1 - ty);
                soft[(y1 * n) + x0] += v * (1 - tx) * ty;
                soft[(y1 * n) + x1] += v * tx * ty;
            }
        }

        return soft;
    }

    /// <summary>The key's sync tile as the correlator needs it: its spectrum and its norm.</summary>
    internal sealed record SyncTemplate(double[] Re, double[] Im, double Norm)
    {
        public static SyncTemplate For(RobustLayout layout)
        {
            var tile = FakeLensImageWatermark.RenderTile(layout.SyncSign);
            var (re, im) = Spectrum(tile);
            double norm = 0;
            foreach (var v in tile)
            {
                norm += v * v;
            }

            return new SyncTemplate(re, im, Math.Sqrt(norm));
        }
    }

    private static (double[] Re, double[] Im) Spectrum(float[] tile)
    {
        var re = new double[tile.Length];
        var im = new double[tile.Length];
        for (var i = 0; i < tile.Length; i++)
        {
            re[i] = tile[i];
        }

        Fft.Transform2D(re, im, TilePixels, TilePixels, false);
        return (re, im);
    }

    private static double Parabolic(double l, double c, double r)
    {
        var d = l - (2 * c) + r;
        return d >= 0 ? 0 : Math.Clamp(0.5 * (l - r) / d, -0.5, 0.5);
    }

    /// <summary>Autocorrelation of the central <paramref name="p"/>² window, whitened by taking the magnitude spectrum (not its square).</summary>
    private static double[] Autocorrelation(float[] r, int w, int h, int p, CancellationToken cancellationToken)
    {
        var re = new double[p * p];
        var im = new double[p * p];
        var x0 = (w - p) / 2;
        var y0 = (h - p) / 2;
        for (var y = 0; y < p; y++)
        {
            for (var x = 0; x < p; x++)
            {
                re[(y * p) + x] = r[((y0 + y) * w) + x0 + x];
            }
        }

        Fft.Transform2D(re, im, p, p, false);
        cancellationToken.ThrowIfCancellationRequested();
        var mag = new float[p * p];
        for (var i = 0; i < re.Length; i++)
        {
            mag[i] = (float)Math.Sqrt((re[i] * re[i]) + (im[i] * im[i]));
        }

        // Whitening: each frequency's magnitude relative to its 9 × 9 neighbourhood. The host's broadband spectrum
        // becomes flat, the tiled mark's spectral lines (a lattice of isolated bins) stand out; only power above
        // the floor is kept.
        var local = CircularBoxBlur(mag, p, 4);
        for (var i = 0; i < re.Length; i++)
        {
            var m = local[i] > 0 ? mag[i] / local[i] : 0;
            re[i] = Math.Max(0, (m * m) - SpectralFloor);
            im[i] = 0;
        }

        re[0] = 0;
        Fft.Transform2D(re, im, p, p, true);
        return re;
    }

    /// <summary>
    /// Mean radially normalised autocorrelation at the lattice points of <paramref name="g"/>, minus its mean at the
    /// half-way points, times √(points): a z-like score, so a coarse lattice with a few lucky points does not beat a
    /// fine one that many points support. The subtraction rejects a lattice twice too coarse, whose points all lie
    /// on the true lattice but whose half-way points do too.
    /// </summary>
    private static double LatticeSupport(double[] acf, double[] radial, int p, GridHypothesis g, int reach = 4)
    {
        var (on, n) = LatticeMean(acf, radial, p, g, 0, 0, reach);
        var off = (LatticeMean(acf, radial, p, g, 0.5, 0, reach).Mean + LatticeMean(acf, radial, p, g, 0, 0.5, reach).Mean + LatticeMean(acf, radial, p, g, 0.5, 0.5, reach).Mean) / 3;
        return (on - off) * Math.Sqrt(n);
    }

    /// <summary>Best lattices on a grid of scales (1 % steps) and rotations within ±10° (0.5° steps), non-maximum suppressed.</summary>
    private static List<GridHypothesis> CoarseScan(double[] acf, double[] radial, int p)
    {
        var scored = new List<(double Score, GridHypothesis Grid)>();
        for (var sc = MinScale; sc <= MaxScale; sc *= 1.01)
        {
            for (var deg = -CoarseAngleDegrees; deg <= CoarseAngleDegrees + 1e-9; deg += 0.5)
            {
                var g = new GridHypothesis(sc, deg * Math.PI / 180);
                scored.Add((LatticeSupport(acf, radial, p, g, 2), g));
            }
        }

        scored.Sort((a, b) => b.Score.CompareTo(a.Score));
        var kept = new List<GridHypothesis>();
        foreach (var (_, g) in scored)
        {
            if (kept.Count >= CoarseKeep)
            {
                break;
            }

            if (!kept.Exists(k => Math.Abs(Math.Log(k.Scale / g.Scale)) < 0.03 && Math.Abs(k.Angle - g.Angle) < 2 * Math.PI / 180))
            {
                kept.Add(g);
            }
        }

        return kept;
    }

    private static (double Mean, int Count) LatticeMean(double[] acf, double[] radial, int p, GridHypothesis g, double oa, double ob, int reach)
    {
        var l = g.Scale * TilePixels;
        var (c, s) = (Math.Cos(g.Angle), Math.Sin(g.Angle));
        double sum = 0;
        var n = 0;
        for (var ia = -reach; ia <= reach; ia++)
        {
            for (var ib = 0; ib <= reach; ib++)
            {
                var a = ia + oa;
                var b = ib + ob;
                if (b == 0 && a <= 0)
                {
                    continue;
                }

                var x = l * ((a * c) - (b * s));
                var y = l * ((a * s) + (b * c));
                var rr = Math.Sqrt((x * x) + (y * y));
                if (rr > (p / 2) - 2 || rr < 8)
                {
                    continue;
                }

                var ix = (int)Math.Round(x);
                var iy = (int)Math.Round(y);
                var best = double.NegativeInfinity;
                for (var j = -1; j <= 1; j++)
                {
                    for (var i = -1; i <= 1; i++)
                    {
                        best = Math.Max(best, At(acf, p, ix + i, iy + j));
                    }
                }

                sum += best / Math.Max(1e-12, radial[(int)Math.Round(rr)]);
                n++;
            }
        }

        return n == 0 ? (0, 0) : (sum / n, n);
    }

    private static float[] CircularBoxBlur(float[] src, int p, int r)
    {
        var tmp = new float[src.Length];
        var dst = new float[src.Length];
        var norm = 1f / ((2 * r) + 1);
        for (var y = 0; y < p; y++)
        {
            var row = y * p;
            for (var x = 0; x < p; x++)
            {
                float acc = 0;
                for (var k = -r; k <= r; k++)
                {
                    acc += src[row + ((x + k + p) % p)];
                }

                tmp[row + x] = acc * norm;
            }
        }

        for (var y = 0; y < p; y++)
        {
            for (var x = 0; x < p; x++)
            {
                float acc = 0;
                for (var k = -r; k <= r; k++)
                {
                    acc += tmp[(((y + k + p) % p) * p) + x];
                }

                dst[(y * p) + x] = acc * norm;
            }
        }

        return dst;
    }

    private static double[] RadialRms(double[] acf, int p)
    {
        var max = p;
        var sum = new double[max];
        var count = new int[max];
        for (var dy = -p / 2; dy < p / 2; dy++)
        {
            for (var dx = -p / 2; dx < p / 2; dx++)
            {
                var rr = (int)Math.Round(Math.Sqrt((dx * dx) + (dy * dy)));
                if (rr >= max)
                {
                    continue;
                }

                var v = At(acf, p, dx, dy);
                sum[rr] += v * v;
                count[rr]++;
            }
        }

        var rms = new double[max];
        for (var i = 0; i < max; i++)
        {
            rms[i] = count[i] == 0 ? 1 : Math.Sqrt(sum[i] / count[i]);
        }

        return rms;
    }

    private static double At(double[] acf, int p, int dx, int dy) => acf[((((dy % p) + p) % p) * p) + (((dx % p) + p) % p)];

    private static bool IsLocalMax(double[] acf, int p, int dx, int dy, double v)
    {
        for (var j = -1; j <= 1; j++)
        {
            for (var i = -1; i <= 1; i++)
            {
                if ((i != 0 || j != 0) && At(acf, p, dx + i, dy + j) > v)
                {
                    return false;
                }
            }
        }

        return true;
    }

    private static (double X, double Y) Refine(double[] acf, int p, int dx, int dy)
    {
        var c = At(acf, p, dx, dy);
        var ox = Parabolic(At(acf, p, dx - 1, dy), c, At(acf, p, dx + 1, dy));
        var oy = Parabolic(At(acf, p, dx, dy - 1), c, At(acf, p, dx, dy + 1));
        return (dx + ox, dy + oy);
    }

    /// <summary>Sharpens a lattice guess with the farthest harmonic peaks (2v, 3v) of both lattice axes, then adds it.</summary>
    private static void AddRefined(List<GridHypothesis> list, double[] acf, int p, GridHypothesis g)
    {
        if (g.Scale is < MinScale or > MaxScale)
        {
            return;
        }

        double sumLen = 0;
        double sumAng = 0;
        var n = 0;
        for (var axis = 0; axis < 2; axis++)
        {
            var ang = g.Angle + (axis * Math.PI / 2);
            var bx = g.Scale * TilePixels * Math.Cos(ang);
            var by = g.Scale * TilePixels * Math.Sin(ang);
            (double X, double Y) est = (bx, by);
            for (var m = 2; m <= 4; m++)
            {
                if (m * g.Scale * TilePixels > (p / 2) - 3)
                {
                    break;
                }

                var (fx, fy) = LocalPeak(acf, p, m * bx, m * by);
                est = (fx / m, fy / m);
            }

            sumLen += Math.Sqrt((est.X * est.X) + (est.Y * est.Y));
            sumAng += NormaliseQuarter(Math.Atan2(est.Y, est.X) - (axis * Math.PI / 2) - g.Angle) + g.Angle;
            n++;
        }

        var refined = FineTune(acf, p, new GridHypothesis(sumLen / n / TilePixels, NormaliseQuarter(sumAng / n)));
        foreach (var e in list)
        {
            if (Math.Abs(e.Scale - refined.Scale) < 0.002 && Math.Abs(e.Angle - refined.Angle) < 0.002)
            {
                return;
            }
        }

        list.Add(refined);
    }

    /// <summary>
    /// Hill-climbs scale and angle to maximise the bilinearly sampled autocorrelation summed over all lattice points in
    /// the window (steps 0.4 % and 0.2°, halved three times): many points pin the lattice down far better than one
    /// peak, to well under the ½ px over 256 px the fold needs.
    /// </summary>
    private static GridHypothesis FineTune(double[] acf, int p, GridHypothesis g)
    {
        var best = g;
        var bestScore = LatticeSum(acf, p, g);
        var ds = 0.004;
        var da = 0.2 * Math.PI / 180;
        for (var round = 0; round < 4; round++)
        {
            var moved = true;
            for (var guard = 0; moved && guard < 6; guard++)
            {
                moved = false;
                var centre = best;
                for (var i = -1; i <= 1; i++)
                {
                    for (var j = -1; j <= 1; j++)
                    {
                        if (i == 0 && j == 0)
                        {
                            continue;
                        }

                        var c = new GridHypothesis(centre.Scale * (1 + (i * ds)), centre.Angle + (j * da));
                        var sc = LatticeSum(acf, p, c);
                        if (sc > bestScore)
                        {
                            bestScore = sc;
                            best = c;
                            moved = true;
                        }
                    }
                }
            }

            ds /= 2;
            da /= 2;
        }

        return best with { Angle = NormaliseQuarter(best.Angle) };
    }

    private static double LatticeSum(double[] acf, int p, GridHypothesis g)
    {
        var l = g.Scale * TilePixels;
        var (c, s) = (Math.Cos(g.Angle), Math.Sin(g.Angle));
        double sum = 0;
        for (var a = -4; a <= 4; a++)
        {
            for (var b = 0; b <= 4; b++)
            {
                if (b == 0 && a <= 0)
                {
                    continue;
                }

                var x = l * ((a * c) - (b * s));
                var y = l * ((a * s) + (b * c));
                if (Math.Abs(x) > (p / 2) - 2 || Math.Abs(y) > (p / 2) - 2)
                {
                    continue;
                }

                var x0 = Math.Floor(x);
                var y0 = Math.Floor(y);
                var fx = x - x0;
                var fy = y - y0;
                var ix = (int)x0;
                var iy = (int)y0;
                sum += (At(acf, p, ix, iy) * (1 - fx) * (1 - fy)) + (At(acf, p, ix + 1, iy) * fx * (1 - fy))
                    + (At(acf, p, ix, iy + 1) * (1 - fx) * fy) + (At(acf, p, ix + 1, iy + 1) * fx * fy);
            }
        }

        return sum;
    }

    private static (double X, double Y) LocalPeak(double[] acf, int p, double x, double y)
    {
        var cx = (int)Math.Round(x);
        var cy = (int)Math.Round(y);
        var bx = cx;
        var by = cy;
        var bv = double.NegativeInfinity;
        for (var j = -2; j <= 2; j++)
        {
            for (var i = -2; i <= 2; i++)
            {
                var v = At(acf, p, cx + i, cy + j);
                if (v > bv)
                {
                    bv = v;
                    bx = cx + i;
                    by = cy + j;
                }
            }
        }

        return Refine(acf, p, bx, by);
    }

    /// <summary>An angle reduced modulo 90° into (−45°, 45°]: a square lattice looks the same every quarter turn.</summary>
    private static double NormaliseQuarter(double a)
    {
        var q = Math.PI / 2;
        a -= Math.Round(a / q) * q;
        return a <= -Math.PI / 4 ? a + q : a;
    }
}
