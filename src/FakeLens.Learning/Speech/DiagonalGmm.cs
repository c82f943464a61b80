using System.Numerics;

namespace FakeLens.Learning.Speech;

/// <summary>
/// A Gaussian mixture with diagonal covariances, fitted by expectation–maximisation (Dempster, Laird &amp; Rubin
/// 1977) as in the ASVspoof 2019 LFCC-GMM baseline (which uses 512 components and MATLAB's VLFeat GMM). Start:
/// k-means++ seeding (Arthur &amp; Vassilvitskii 2007) on at most 20 000 frames and 5 Lloyd iterations; then EM
/// on all frames with a variance floor of 10⁻³ × the global variance per dimension, and components that lose all
/// frames re-seeded on the worst-explained frame. Likelihoods in natural log, computed in double precision with
/// log-sum-exp.
/// </summary>
/// <remarks>
/// Cost: every EM step is frames × components × dimensions (512 × 10⁶ × 60 ≈ 3·10¹⁰ multiply-adds for the ASVspoof
/// size on a million frames). The per-component quadratic form runs on <see cref="Vector{T}"/> lanes of doubles, and
/// the frames are cut into fixed chunks of <see cref="ChunkFrames"/> whose sufficient statistics are summed in chunk
/// order, so a fit is the same for any number of threads. Frames stay the caller's float arrays (no copy).
/// </remarks>
public sealed class DiagonalGmm
{
    /// <summary>Frames per E-step work item; fixed so that the summation order, hence the model, never depends on threads.</summary>
    internal const int ChunkFrames = 32_768;

    private const int Magic = 0x4D4D4746; // "FGMM"
    private readonly double[] _logWeights;
    private readonly double[][] _means;
    private readonly double[][] _invVars;
    private readonly double[] _constants;

    private DiagonalGmm(double[] weights, double[][] means, double[][] variances)
    {
        Weights = weights;
        Means = means;
        Variances = variances;
        var k = weights.Length;
        var d = means[0].Length;
        _logWeights = weights.Select(w => Math.Log(Math.Max(w, 1e-300))).ToArray();
        _means = means;
        _invVars = variances.Select(v => v.Select(x => 1 / x).ToArray()).ToArray();
        _constants = new double[k];
        for (var c = 0; c < k; c++)
        {
            double s = 0;
            for (var j = 0; j < d; j++)
            {
                s += Math.Log(2 * Math.PI * variances[c][j]);
            }

            _constants[c] = _logWeights[c] - (0.5 * s);
        }
    }

    public IReadOnlyList<double> Weights { get; }

    public IReadOnlyList<double[]> Means { get; }

    public IReadOnlyList<double[]> Variances { get; }

    public int Components => Weights.Count;

    public int Dimensions => _means[0].Length;

    /// <summary>Fits <paramref name="components"/> Gaussians to <paramref name="frames"/> with <paramref name="iterations"/> EM steps on up to <paramref name="threads"/> threads (same model for any thread count).</summary>
    public static DiagonalGmm Fit(IReadOnlyList<float[]> frames, int components, int iterations, int seed, CancellationToken cancellationToken = default, int threads = 1)
    {
        ArgumentNullException.ThrowIfNull(frames);
        ArgumentOutOfRangeException.ThrowIfLessThan(components, 1);
        if (frames.Count < components)
        {
            throw new ArgumentException($"{frames.Count} frames cannot fit {components} components.", nameof(frames));
        }

        var d = frames[0].Length;
        var random = new Random(seed);
        var globalMean = new double[d];
        var globalVar = new double[d];
        foreach (var x in frames)
        {
            for (var j = 0; j < d; j++)
            {
                globalMean[j] += x[j];
            }
        }

        for (var j = 0; j < d; j++)
        {
            globalMean[j] /= frames.Count;
        }

        foreach (var x in frames)
        {
            for (var j = 0; j < d; j++)
            {
                var e = x[j] - globalMean[j];
                globalVar[j] += e * e;
            }
        }

        var floor = globalVar.Select(v => Math.Max(1e-3 * v / frames.Count, 1e-8)).ToArray();
        var means = KMeansPlusPlus(frames, components, random, cancellationToken);
        var weights = Enumerable.Repeat(1.0 / components, components).ToArray();
        var variances = Enumerable.Range(0, components).Select(_ => globalVar.Select(v => Math.Max(v / frames.Count, 1e-8)).ToArray()).ToArray();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, threads), CancellationToken = cancellationToken };
        var nChunks = (frames.Count + ChunkFrames - 1) / ChunkFrames;

        // Variances from the k-means assignment (hard assignment of every frame, chunked like the E-step).
        {
            var partial = new (double[] Counts, double[] Sq)[nChunks];
            Parallel.For(0, nChunks, parallel, ch =>
            {
                var counts = new double[components];
                var sq = new double[components * d];
                var xd = new double[d];
                for (var i = ch * ChunkFrames; i < Math.Min(frames.Count, (ch + 1) * ChunkFrames); i++)
                {
                    ToDouble(frames[i], xd);
                    var c = Nearest(means, xd);
                    counts[c]++;
                    for (var j = 0; j < d; j++)
                    {
                        var e = xd[j] - means[c][j];
                        sq[(c * d) + j] += e * e;
                    }
                }

                partial[ch] = (counts, sq);
            });

            var total = new double[components];
            var totalSq = new double[components * d];
            foreach (var (counts, sq) in partial)
            {
                Add(total, counts);
                Add(totalSq, sq);
            }

            for (var c = 0; c < components; c++)
            {
                if (total[c] >= 2)
                {
                    for (var j = 0; j < d; j++)
                    {
                        variances[c][j] = Math.Max(totalSq[(c * d) + j] / total[c], floor[j]);
                    }
                }

                weights[c] = Math.Max(total[c], 1) / (frames.Count + (double)components);
            }
        }

        var model = new DiagonalGmm(weights, means, variances);
        for (var it = 0; it < iterations; it++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var current = model;
            var partial = new Statistics[nChunks];
            Parallel.For(0, nChunks, parallel, ch => partial[ch] = current.Accumulate(frames, ch * ChunkFrames, Math.Min(frames.Count, (ch + 1) * ChunkFrames)));
            var stats = partial[0];
            for (var ch = 1; ch < nChunks; ch++)
            {
                stats.Merge(partial[ch]);
            }

            var n = stats.N;
            var newWeights = new double[components];
            var newMeans = new double[components][];
            var newVars = new double[components][];
            for (var c = 0; c < components; c++)
            {
                if (n[c] < 1e-3)
                {
                    // Dead component: re-seed on the frame the model explains worst.
                    newMeans[c] = frames[stats.Worst].Select(v => (double)v).ToArray();
                    newVars[c] = globalVar.Select(v => Math.Max(v / frames.Count, 1e-8)).ToArray();
                    newWeights[c] = 1.0 / frames.Count;
                    continue;
                }

                newWeights[c] = n[c] / frames.Count;
                newMeans[c] = new double[d];
                newVars[c] = new double[d];
                for (var j = 0; j < d; j++)
                {
                    var mean = stats.Sx[(c * d) + j] / n[c];
                    newMeans[c][j] = mean;
                    newVars[c][j] = Math.Max((stats.Sxx[(c * d) + j] / n[c]) - (mean * mean), floor[j]);
                }
            }

            var sum = newWeights.Sum();
            for (var c = 0; c < components; c++)
            {
                newWeights[c] /= sum;
            }

            model = new DiagonalGmm(newWeights, newMeans, newVars);
        }

        return model;
    }

    /// <summary>Log-likelihood ln p(x) of one frame.</summary>
    public double LogLikelihood(ReadOnlySpan<float> x)
    {
        Span<double> xd = x.Length <= 256 ? stackalloc double[x.Length] : new double[x.Length];
        for (var j = 0; j < x.Length; j++)
        {
            xd[j] = x[j];
        }

        Span<double> terms = _constants.Length <= 1024 ? stackalloc double[_constants.Length] : new double[_constants.Length];
        return LogSumExp(xd, terms, normalise: false);
    }

    /// <summary>The same log-likelihood, one dimension at a time without vector lanes: the reference the vectorised path is tested against.</summary>
    internal double LogLikelihoodScalar(ReadOnlySpan<float> x)
    {
        var best = double.NegativeInfinity;
        var terms = new double[_constants.Length];
        for (var c = 0; c < _constants.Length; c++)
        {
            var m = _means[c];
            var iv = _invVars[c];
            double s = 0;
            for (var j = 0; j < m.Length; j++)
            {
                var e = x[j] - m[j];
                s += e * e * iv[j];
            }

            terms[c] = _constants[c] - (0.5 * s);
            best = Math.Max(best, terms[c]);
        }

        double sum = 0;
        foreach (var t in terms)
        {
            sum += Math.Exp(t - best);
        }

        return best + Math.Log(sum);
    }

    /// <summary>Component posteriors of one frame (vectorised path), for tests.</summary>
    internal double[] Posteriors(ReadOnlySpan<float> x)
    {
        var xd = new double[x.Length];
        for (var j = 0; j < x.Length; j++)
        {
            xd[j] = x[j];
        }

        var p = new double[_constants.Length];
        LogSumExp(xd, p, normalise: true);
        return p;
    }

    /// <summary>Mean frame log-likelihood.</summary>
    public double MeanLogLikelihood(IReadOnlyList<float[]> frames)
    {
        ArgumentNullException.ThrowIfNull(frames);
        if (frames.Count == 0)
        {
            return double.NaN;
        }

        var d = Dimensions;
        var xd = new double[d];
        var terms = new double[_constants.Length];
        double sum = 0;
        foreach (var x in frames)
        {
            ToDouble(x, xd);
            sum += LogSumExp(xd, terms, normalise: false);
        }

        return sum / frames.Count;
    }

    public void Save(Stream stream)
    {
        using var w = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true);
        w.Write(Magic);
        w.Write(Components);
        w.Write(Dimensions);
        for (var c = 0; c < Components; c++)
        {
            w.Write(Weights[c]);
            foreach (var v in Means[c])
            {
                w.Write((float)v);
            }

            foreach (var v in Variances[c])
            {
                w.Write((float)v);
            }
        }
    }

    public static DiagonalGmm Load(Stream stream)
    {
        using var r = new BinaryReader(stream, System.Text.Encoding.UTF8, leaveOpen: true);
        if (r.ReadInt32() != Magic)
        {
            throw new InvalidDataException("not a FakeLens GMM");
        }

        var k = r.ReadInt32();
        var d = r.ReadInt32();
        if (k is < 1 or > 4096 || d is < 1 or > 1024)
        {
            throw new InvalidDataException($"implausible GMM size {k} × {d}");
        }

        var weights = new double[k];
        var means = new double[k][];
        var vars = new double[k][];
        for (var c = 0; c < k; c++)
        {
            weights[c] = r.ReadDouble();
            means[c] = new double[d];
            vars[c] = new double[d];
            for (var j = 0; j < d; j++)
            {
                means[c][j] = r.ReadSingle();
            }

            for (var j = 0; j < d; j++)
            {
                vars[c][j] = r.ReadSingle();
            }
        }

        return new DiagonalGmm(weights, means, vars);
    }

    /// <summary>Σ_j (x_j − m_j)² w_j on vector lanes (w = 1 for the plain squared distance).</summary>
    internal static double WeightedSquare(ReadOnlySpan<double> x, ReadOnlySpan<double> m, ReadOnlySpan<double> w)
    {
        var n = x.Length;
        var j = 0;
        double s = 0;
        if (Vector.IsHardwareAccelerated && n >= Vector<double>.Count)
        {
            var acc = Vector<double>.Zero;
            for (; j <= n - Vector<double>.Count; j += Vector<double>.Count)
            {
                var e = new Vector<double>(x[j..]) - new Vector<double>(m[j..]);
                acc += e * e * new Vector<double>(w[j..]);
            }

            s = Vector.Sum(acc);
        }

        for (; j < n; j++)
        {
            var e = x[j] - m[j];
            s += e * e * w[j];
        }

        return s;
    }

    private static double Square(ReadOnlySpan<double> x, ReadOnlySpan<double> m)
    {
        var n = x.Length;
        var j = 0;
        double s = 0;
        if (Vector.IsHardwareAccelerated && n >= Vector<double>.Count)
        {
            var acc = Vector<double>.Zero;
            for (; j <= n - Vector<double>.Count; j += Vector<double>.Count)
            {
                var e = new Vector<double>(x[j..]) - new Vector<double>(m[j..]);
                acc += e * e;
            }

            s = Vector.Sum(acc);
        }

        for (; j < n; j++)
        {
            var e = x[j] - m[j];
            s += e * e;
        }

        return s;
    }

    /// <summary>g·x and g·x² added to the accumulators, on vector lanes.</summary>
    private static void AddWeighted(Span<double> sx, Span<double> sxx, ReadOnlySpan<double> x, double g)
    {
        var n = x.Length;
        var j = 0;
        if (Vector.IsHardwareAccelerated && n >= Vector<double>.Count)
        {
            var gv = new Vector<double>(g);
            for (; j <= n - Vector<double>.Count; j += Vector<double>.Count)
            {
                var v = new Vector<double>(x[j..]);
                var gx = gv * v;
                (new Vector<double>(sx[j..]) + gx).CopyTo(sx[j..]);
                (new Vector<double>(sxx[j..]) + (gx * v)).CopyTo(sxx[j..]);
            }
        }

        for (; j < n; j++)
        {
            var v = x[j];
            sx[j] += g * v;
            sxx[j] += g * v * v;
        }
    }

    private static void ToDouble(float[] x, double[] xd)
    {
        for (var j = 0; j < xd.Length; j++)
        {
            xd[j] = x[j];
        }
    }

    private static void Add(double[] total, double[] part)
    {
        for (var i = 0; i < total.Length; i++)
        {
            total[i] += part[i];
        }
    }

    /// <summary>ln Σ_c exp(term_c); with <paramref name="normalise"/>, <paramref name="terms"/> ends as the posteriors.</summary>
    private double LogSumExp(ReadOnlySpan<double> x, Span<double> terms, bool normalise)
    {
        var best = double.NegativeInfinity;
        for (var c = 0; c < _constants.Length; c++)
        {
            var t = _constants[c] - (0.5 * WeightedSquare(x, _means[c], _invVars[c]));
            terms[c] = t;
            if (t > best)
            {
                best = t;
            }
        }

        double sum = 0;
        for (var c = 0; c < terms.Length; c++)
        {
            var e = Math.Exp(terms[c] - best);
            terms[c] = e;
            sum += e;
        }

        if (normalise)
        {
            for (var c = 0; c < terms.Length; c++)
            {
                terms[c] /= sum;
            }
        }

        return best + Math.Log(sum);
    }

    /// <summary>E-step over frames [from, to): posterior counts, first and second moments, and the worst-explained frame.</summary>
    private Statistics Accumulate(IReadOnlyList<float[]> frames, int from, int to)
    {
        var k = _constants.Length;
        var d = Dimensions;
        var stats = new Statistics(k, d);
        var xd = new double[d];
        var posterior = new double[k];
        for (var i = from; i < to; i++)
        {
            ToDouble(frames[i], xd);
            var ll = LogSumExp(xd, posterior, normalise: true);
            if (ll < stats.WorstLl)
            {
                stats.WorstLl = ll;
                stats.Worst = i;
            }

            for (var c = 0; c < k; c++)
            {
                var g = posterior[c];
                if (g < 1e-8)
                {
                    continue;
                }

                stats.N[c] += g;
                AddWeighted(stats.Sx.AsSpan(c * d, d), stats.Sxx.AsSpan(c * d, d), xd, g);
            }
        }

        return stats;
    }

    private static double[][] KMeansPlusPlus(IReadOnlyList<float[]> frames, int k, Random random, CancellationToken cancellationToken)
    {
        var sample = frames.Count <= 20_000 ? frames : Enumerable.Range(0, 20_000).Select(_ => frames[random.Next(frames.Count)]).ToList();
        var d = sample[0].Length;
        var sampleD = sample.Select(x => x.Select(v => (double)v).ToArray()).ToArray();
        var centres = new List<double[]> { sampleD[random.Next(sampleD.Length)].ToArray() };
        var dist = sampleD.Select(x => Square(x, centres[0])).ToArray();
        while (centres.Count < k)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var total = dist.Sum();
            var pick = random.NextDouble() * total;
            var index = 0;
            for (; index < dist.Length - 1 && pick > dist[index]; index++)
            {
                pick -= dist[index];
            }

            var centre = sampleD[index].ToArray();
            centres.Add(centre);
            for (var i = 0; i < sampleD.Length; i++)
            {
                dist[i] = Math.Min(dist[i], Square(sampleD[i], centre));
            }
        }

        var means = centres.ToArray();
        for (var it = 0; it < 5; it++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var sums = Enumerable.Range(0, k).Select(_ => new double[d]).ToArray();
            var counts = new int[k];
            foreach (var x in sampleD)
            {
                var c = Nearest(means, x);
                counts[c]++;
                for (var j = 0; j < d; j++)
                {
                    sums[c][j] += x[j];
                }
            }

            for (var c = 0; c < k; c++)
            {
                if (counts[c] > 0)
                {
                    for (var j = 0; j < d; j++)
                    {
                        means[c][j] = sums[c][j] / counts[c];
                    }
                }
            }
        }

        return means;
    }

    private static int Nearest(double[][] means, double[] x)
    {
        var best = 0;
        var bestD = double.MaxValue;
        for (var c = 0; c < means.Length; c++)
        {
            var dd = Square(x, means[c]);
            if (dd < bestD)
            {
                bestD = dd;
                best = c;
            }
        }

        return best;
    }

    /// <summary>Sufficient statistics of one chunk of frames.</summary>
    private sealed class Statistics(int k, int d)
    {
        public double[] N { get; } = new double[k];

        public double[] Sx { get; } = new double[k * d];

        public double[] Sxx { get; } = new double[k * d];

        public int Worst { get; set; }

        public double WorstLl { get; set; } = double.MaxValue;

        /// <summary>Adds a later chunk's statistics (its worst frame wins only if strictly worse, as in one pass).</summary>
        public void Merge(Statistics other)
        {
            Add(N, other.N);
            Add(Sx, other.Sx);
            Add(Sxx, other.Sxx);
            if (other.WorstLl < WorstLl)
            {
                WorstLl = other.WorstLl;
                Worst = other.Worst;
            }
        }
    }
}
