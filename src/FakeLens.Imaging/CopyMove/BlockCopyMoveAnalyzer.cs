using FakeLens.Imaging.Decoding;
using OpenCvSharp;

namespace FakeLens.Imaging.CopyMove;

/// <summary>
/// Block-matching copy-move search after Fridrich, Soukal &amp; Lukáš (2003, "Detection of copy-move forgery
/// in digital images", DFRWS) with the reduced low-frequency DCT feature of Huang, Guo &amp; Zhang (2011).
/// Luma is shrunk by an integer factor to ≤ 1 MP; every 16 × 16 block at a stride of 2 px (≤ 250 000 blocks)
/// gets the 16 lowest orthonormal DCT coefficients (u, v &lt; 4), quantised (DC step 8 = half a grey level of
/// mean, AC step 3) and sorted lexicographically; each block is compared with the next 8 in that order and a
/// pair within an L2 distance of 4 whose blocks lie ≥ 24 px apart votes for its shift vector. Shifts with ≥ 60
/// votes are candidates; their pairs are kept where ≥ 4 other pairs of the same shift lie within 8 px (a
/// cloned area, not scattered look-alikes). Because flat areas (sky, walls) are full of blocks that look alike,
/// each candidate shift must then pass a noise test at full resolution: the fine residual (pixel minus its
/// 3 × 3 mean) must repeat at the shifted place — mean |difference| below 0.6 × its mean size, where an
/// unrelated area gives about 1.4 — and must not repeat one pixel off (a ramp, stripes or graphics repeat
/// everywhere; noise repeats at one shift only). A clone copies the sensor noise along with the content; similar-looking
/// areas do not share noise. Images with almost no residual (synthetic, heavily smoothed) cannot be verified.
/// Translation only (the SIFT method covers rotation and scale).
/// </summary>
internal static class BlockCopyMoveAnalyzer
{
    internal const int Block = 16;
    internal const int Stride = 2;
    private const long MaxWorkingPixels = 1_000_000;
    private const int Coefficients = 16;
    private const int Window = 8;
    private const float DistanceThreshold = 4f;
    private const int MinDistance = 24;
    private const int MinVotes = 60;
    private const float MinBlockStd = 0.5f;
    private const double ResidualRatioThreshold = 0.6;
    private const double MinResidual = 0.25;
    private const int MaxCandidates = 8;

    public static CopyMoveResult Analyze(RgbImage image, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (Math.Min(image.Width, image.Height) < 64)
        {
            return CopyMoveResult.Empty(image.Width, image.Height, 0, "the image is too small (under 64 px on a side) to search for copied areas");
        }

        var factor = Math.Max(1, (int)Math.Ceiling(Math.Sqrt(image.Width * (double)image.Height / MaxWorkingPixels)));
        var (work, w, h) = Shrink(image.Luma(), image.Width, image.Height, factor);
        var nbx = ((w - Block) / Stride) + 1;
        var nby = ((h - Block) / Stride) + 1;
        var features = Features(work, w, h, nbx, nby, out var usable, cancellationToken);
        var count = 0;
        foreach (var u in usable)
        {
            count += u ? 1 : 0;
        }

        var gw = (w + Stride - 1) / Stride;
        var gh = (h + Stride - 1) / Stride;
        if (count < MinVotes * 2)
        {
            return CopyMoveResult.Empty(gw, gh, count, "the image is almost entirely flat (no block carries detail)");
        }

        var order = SortedBlocks(features, usable, cancellationToken);
        var (pairs, votes) = Vote(features, order, nbx, cancellationToken);
        var candidates = new List<(int Key, int Votes)>();
        foreach (var (key, v) in votes)
        {
            if (v >= MinVotes)
            {
                candidates.Add((key, v));
            }
        }

        candidates.Sort((a, b) => b.Votes.CompareTo(a.Votes));
        if (candidates.Count > MaxCandidates)
        {
            candidates.RemoveRange(MaxCandidates, candidates.Count - MaxCandidates);
        }

        var cover = new byte[gw * gh];
        var matches = new List<CopyMoveMatch>();
        var score = 0.0;
        var unverifiable = false;
        var scale = 1.0 / factor;
        foreach (var (key, _) in candidates)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (dx, dy) = Unpack(key);
            var kept = Cluster(pairs, key, nbx, nby);
            if (kept.Count < MinVotes)
            {
                continue;
            }

            var (ratio, residual, fullShift) = NoiseAgreement(image, kept, nbx, dx, dy, factor);
            if (residual < MinResidual)
            {
                unverifiable = true;
                continue;
            }

            var support = kept.Count / (kept.Count + 40.0);
            if (ratio >= ResidualRatioThreshold)
            {
                // Look-alike blocks that do not share noise: a weak hint only, for ranking.
                score = Math.Max(score, Math.Min(0.3, support * 0.5 * Math.Max(0, 1.2 - ratio)));
                continue;
            }

            score = Math.Max(score, support);
            var (src, dst) = Mark(kept, nbx, dx, dy, cover, gw, gh);
            matches.Add(new CopyMoveMatch(
                SiftCopyMoveAnalyzer.ToOriginal(src, scale, image),
                SiftCopyMoveAnalyzer.ToOriginal(dst, scale, image),
                kept.Count,
                string.Format(System.Globalization.CultureInfo.InvariantCulture, "shift ({0:+0;-0;0}, {1:+0;-0;0}) px, noise residual repeats (difference {2:0.00} of its size)", fullShift.X, fullShift.Y, ratio)));
            if (matches.Count == 4)
            {
                break;
            }
        }

        var map = new float[cover.Length];
        for (var i = 0; i < map.Length; i++)
        {
            map[i] = cover[i] != 0 ? 1f : 0f;
        }

        var limitation = matches.Count == 0 && unverifiable
            ? "look-alike areas could not be confirmed as clones (too little fine grain, or a regular pattern that repeats everywhere)"
            : null;
        return new CopyMoveResult(gw, gh, map, matches, score, count, pairs.Count, limitation);
    }

    private static (float[] Luma, int W, int H) Shrink(float[] luma, int width, int height, int factor)
    {
        if (factor == 1)
        {
            return (luma, width, height);
        }

        var w = width / factor;
        var h = height / factor;
        var small = new float[w * h];
        var norm = 1f / (factor * factor);
        for (var y = 0; y < h; y++)
        {
            for (var x = 0; x < w; x++)
            {
                float sum = 0;
                for (var yy = 0; yy < factor; yy++)
                {
                    var row = (((y * factor) + yy) * width) + (x * factor);
                    for (var xx = 0; xx < factor; xx++)
                    {
                        sum += luma[row + xx];
                    }
                }

                small[(y * w) + x] = sum * norm;
            }
        }

        return (small, w, h);
    }

    /// <summary>16 low-frequency DCT coefficients of every block (separable: rows, then columns), and which blocks carry detail.</summary>
    private static float[] Features(float[] luma, int w, int h, int nbx, int nby, out bool[] usable, CancellationToken cancellationToken)
    {
        const int K = 4;
        var basis = new float[K * Block];
        for (var u = 0; u < K; u++)
        {
            var alpha = u == 0 ? MathF.Sqrt(1f / Block) : MathF.Sqrt(2f / Block);
            for (var x = 0; x < Block; x++)
            {
                basis[(u * Block) + x] = alpha * MathF.Cos(MathF.PI * ((2 * x) + 1) * u / (2 * Block));
            }
        }

        // Horizontal pass: rows[u][y][bx], plus row sums of squares for the block variance.
        var rows = new float[K * h * nbx];
        var rowSq = new float[h * nbx];
        var rowSum = new float[h * nbx];
        for (var y = 0; y < h; y++)
        {
            if ((y & 63) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            var line = y * w;
            for (var bx = 0; bx < nbx; bx++)
            {
                var x0 = line + (bx * Stride);
                float s0 = 0, s1 = 0, s2 = 0, s3 = 0, sq = 0, sum = 0;
                for (var x = 0; x < Block; x++)
                {
                    var v = luma[x0 + x];
                    s0 += v * basis[x];
                    s1 += v * basis[Block + x];
                    s2 += v * basis[(2 * Block) + x];
                    s3 += v * basis[(3 * Block) + x];
                    sq += v * v;
                    sum += v;
                }

                var i = (y * nbx) + bx;
                rows[i] = s0;
                rows[(h * nbx) + i] = s1;
                rows[(2 * h * nbx) + i] = s2;
                rows[(3 * h * nbx) + i] = s3;
                rowSq[i] = sq;
                rowSum[i] = sum;
            }
        }

        // Vertical pass; coefficients ordered by frequency (u + v), so the sort looks at coarse content first.
        var zig = new (int U, int V)[Coefficients];
        var z = 0;
        for (var d = 0; d <= 2 * (K - 1); d++)
        {
            for (var v = 0; v < K; v++)
            {
                var u = d - v;
                if (u is >= 0 and < K)
                {
                    zig[z++] = (u, v);
                }
            }
        }

        var n = nbx * nby;
        var features = new float[n * Coefficients];
        usable = new bool[n];
        var minVar = MinBlockStd * MinBlockStd;
        for (var by = 0; by < nby; by++)
        {
            if ((by & 31) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            for (var bx = 0; bx < nbx; bx++)
            {
                var b = (by * nbx) + bx;
                double sq = 0, sum = 0;
                for (var y = 0; y < Block; y++)
                {
                    var i = (((by * Stride) + y) * nbx) + bx;
                    sq += rowSq[i];
                    sum += rowSum[i];
                }

                var mean = sum / (Block * Block);
                usable[b] = (sq / (Block * Block)) - (mean * mean) >= minVar;
                for (var c = 0; c < Coefficients; c++)
                {
                    var (u, v) = zig[c];
                    float acc = 0;
                    var plane = u * h * nbx;
                    for (var y = 0; y < Block; y++)
                    {
                        acc += rows[plane + ((((by * Stride) + y) * nbx) + bx)] * basis[(v * Block) + y];
                    }

                    features[(b * Coefficients) + c] = acc;
                }
            }
        }

        return features;
    }

    /// <summary>Usable blocks in lexicographic order of their quantised features.</summary>
    private static int[] SortedBlocks(float[] features, bool[] usable, CancellationToken cancellationToken)
    {
        var n = usable.Length;
        var q = new short[n * Coefficients];
        for (var b = 0; b < n; b++)
        {
            for (var c = 0; c < Coefficients; c++)
            {
                var step = c == 0 ? 8f : 3f;
                q[(b * Coefficients) + c] = (short)Math.Clamp(MathF.Round(features[(b * Coefficients) + c] / step), short.MinValue, short.MaxValue);
            }
        }

        var order = new List<int>(n);
        for (var b = 0; b < n; b++)
        {
            if (usable[b])
            {
                order.Add(b);
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
        var array = order.ToArray();
        Array.Sort(array, (a, b) =>
        {
            var sa = q.AsSpan(a * Coefficients, Coefficients);
            var sb = q.AsSpan(b * Coefficients, Coefficients);
            var cmp = sa.SequenceCompareTo(sb);
            return cmp != 0 ? cmp : a.CompareTo(b);
        });
        return array;
    }

    /// <summary>Pairs of similar blocks at least 24 px apart, and votes per canonical shift vector.</summary>
    private static (List<(int A, int B, int Key)> Pairs, Dictionary<int, int> Votes) Vote(float[] features, int[] order, int nbx, CancellationToken cancellationToken)
    {
        var pairs = new List<(int, int, int)>();
        var votes = new Dictionary<int, int>();
        var threshold = DistanceThreshold * DistanceThreshold;
        for (var i = 0; i < order.Length; i++)
        {
            if ((i & 8191) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            var a = order[i];
            var fa = features.AsSpan(a * Coefficients, Coefficients);
            for (var j = i + 1; j < Math.Min(order.Length, i + 1 + Window); j++)
            {
                var b = order[j];
                var fb = features.AsSpan(b * Coefficients, Coefficients);
                float d = 0;
                for (var c = 0; c < Coefficients && d <= threshold; c++)
                {
                    var e = fa[c] - fb[c];
                    d += e * e;
                }

                if (d > threshold)
                {
                    continue;
                }

                int ax = a % nbx, ay = a / nbx, bx = b % nbx, by = b / nbx;
                var dx = (bx - ax) * Stride;
                var dy = (by - ay) * Stride;
                if ((dx * dx) + (dy * dy) < MinDistance * MinDistance)
                {
                    continue;
                }

                var (src, dst) = (a, b);
                if (dx < 0 || (dx == 0 && dy < 0))
                {
                    (src, dst, dx, dy) = (b, a, -dx, -dy);
                }

                var key = Pack(dx, dy);
                pairs.Add((src, dst, key));
                votes[key] = votes.GetValueOrDefault(key) + 1;
            }
        }

        return (pairs, votes);
    }

    private static int Pack(int dx, int dy) => ((dx + 32768) << 16) | (dy + 32768);

    private static (int Dx, int Dy) Unpack(int key) => (((key >> 16) & 0xFFFF) - 32768, (key & 0xFFFF) - 32768);

    /// <summary>Pairs of one shift whose source block has ≥ 4 other such pairs within 8 px: a connected cloned area, not strays.</summary>
    private static List<int> Cluster(List<(int A, int B, int Key)> pairs, int key, int nbx, int nby)
    {
        var members = new List<int>();
        var at = new HashSet<int>();
        foreach (var (a, _, k) in pairs)
        {
            if (k == key)
            {
                members.Add(a);
                at.Add(a);
            }
        }

        var reach = 8 / Stride;
        var kept = new List<int>();
        foreach (var a in members)
        {
            int ax = a % nbx, ay = a / nbx, near = 0;
            for (var y = Math.Max(0, ay - reach); y <= Math.Min(nby - 1, ay + reach) && near < 4; y++)
            {
                for (var x = Math.Max(0, ax - reach); x <= Math.Min(nbx - 1, ax + reach); x++)
                {
                    if ((x != ax || y != ay) && at.Contains((y * nbx) + x))
                    {
                        near++;
                    }
                }
            }

            if (near >= 4)
            {
                kept.Add(a);
            }
        }

        return kept;
    }

    /// <summary>
    /// How well the fine residual of the source blocks repeats at the shifted place, at full resolution (best of
    /// the sub-factor shifts): mean |r(p) − r(p + d)| / mean |r(p)|, with r = pixel − 3 × 3 mean; and mean |r|.
    /// </summary>
    private static (double Ratio, double Residual, (int X, int Y) Shift) NoiseAgreement(RgbImage image, List<int> sources, int nbx, int dx, int dy, int factor)
    {
        var luma = image.Luma();
        var width = image.Width;
        var height = image.Height;
        var samples = new List<(int X, int Y)>();
        var step = Math.Max(1, sources.Count * 16 / 20_000);
        for (var s = 0; s < sources.Count; s += step)
        {
            var a = sources[s];
            var x0 = (a % nbx) * Stride * factor;
            var y0 = (a / nbx) * Stride * factor;
            for (var oy = 2; oy < Block; oy += 4)
            {
                for (var ox = 2; ox < Block; ox += 4)
                {
                    samples.Add((x0 + (ox * factor), y0 + (oy * factor)));
                }
            }
        }

        double Residual(int x, int y)
        {
            if (x < 1 || y < 1 || x >= width - 1 || y >= height - 1)
            {
                return double.NaN;
            }

            double sum = 0;
            for (var yy = -1; yy <= 1; yy++)
            {
                var row = (y + yy) * width;
                sum += luma[row + x - 1] + luma[row + x] + luma[row + x + 1];
            }

            return luma[(y * width) + x] - (sum / 9);
        }

        var own = new double[samples.Count];
        double level = 0;
        var counted = 0;
        for (var i = 0; i < samples.Count; i++)
        {
            own[i] = Residual(samples[i].X, samples[i].Y);
            if (!double.IsNaN(own[i]))
            {
                level += Math.Abs(own[i]);
                counted++;
            }
        }

        level /= Math.Max(1, counted);
        double Difference(int fx, int fy)
        {
            double diff = 0;
            var n = 0;
            for (var i = 0; i < samples.Count; i++)
            {
                var other = Residual(samples[i].X + fx, samples[i].Y + fy);
                if (!double.IsNaN(own[i]) && !double.IsNaN(other))
                {
                    diff += Math.Abs(own[i] - other);
                    n++;
                }
            }

            return n > 0 ? diff / n : double.PositiveInfinity;
        }

        var best = double.PositiveInfinity;
        var bestShift = (X: dx * factor, Y: dy * factor);
        var reach = factor - 1;
        for (var sy = -reach; sy <= reach; sy++)
        {
            for (var sx = -reach; sx <= reach; sx++)
            {
                var d = Difference((dx * factor) + sx, (dy * factor) + sy);
                if (d < best)
                {
                    best = d;
                    bestShift = ((dx * factor) + sx, (dy * factor) + sy);
                }
            }
        }

        // Noise repeats at exactly one shift; a regular pattern (ramps, stripes, graphics) repeats one pixel off too.
        var beside = Math.Min(
            Math.Min(Difference(bestShift.X + 1, bestShift.Y), Difference(bestShift.X - 1, bestShift.Y)),
            Math.Min(Difference(bestShift.X, bestShift.Y + 1), Difference(bestShift.X, bestShift.Y - 1)));
        if (level <= 0 || beside < Math.Max(2 * best, 0.8 * level))
        {
            return (double.PositiveInfinity, 0, bestShift);
        }

        return (best / level, level, bestShift);
    }

    /// <summary>Marks source and target blocks on the stride grid; returns their bounding boxes in working pixels.</summary>
    private static (Rect Source, Rect Target) Mark(List<int> sources, int nbx, int dx, int dy, byte[] cover, int gw, int gh)
    {
        int sx0 = int.MaxValue, sy0 = int.MaxValue, sx1 = 0, sy1 = 0;
        var cells = Block / Stride;
        var cdx = dx / Stride;
        var cdy = dy / Stride;
        foreach (var a in sources)
        {
            var ax = a % nbx;
            var ay = a / nbx;
            sx0 = Math.Min(sx0, ax);
            sy0 = Math.Min(sy0, ay);
            sx1 = Math.Max(sx1, ax + cells);
            sy1 = Math.Max(sy1, ay + cells);
            for (var y = 0; y < cells; y++)
            {
                for (var x = 0; x < cells; x++)
                {
                    Set(cover, gw, gh, ax + x, ay + y);
                    Set(cover, gw, gh, ax + cdx + x, ay + cdy + y);
                }
            }
        }

        var source = new Rect(sx0 * Stride, sy0 * Stride, (sx1 - sx0) * Stride, (sy1 - sy0) * Stride);
        return (source, new Rect(source.X + dx, source.Y + dy, source.Width, source.Height));
    }

    private static void Set(byte[] cover, int gw, int gh, int x, int y)
    {
        if (x >= 0 && y >= 0 && x < gw && y < gh)
        {
            cover[(y * gw) + x] = 1;
        }
    }
}
