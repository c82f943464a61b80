namespace FakeLens.Learning.Speech;

/// <summary>
/// A Gaussian mixture with diagonal covariances, fitted by expectation–maximisation (Dempster, Laird &amp; Rubin
/// 1977) as in the ASVspoof 2019 LFCC-GMM baseline (which uses 512 components and MATLAB's VLFeat GMM). Start:
/// k-means++ seeding (Arthur &amp; Vassilvitskii 2007) on at most 20 000 frames and 5 Lloyd iterations; then EM
/// on all frames with a variance floor of 10⁻³ × the global variance per dimension, and components that lose all
/// frames re-seeded on the worst-explained frame. Likelihoods in natural log, computed in double precision with
/// log-sum-exp.
/// </summary>
public sealed class DiagonalGmm
{
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

    /// <summary>Fits <paramref name="components"/> Gaussians to <paramref name="frames"/> with <paramref name="iterations"/> EM steps.</summary>
    public static DiagonalGmm Fit(IReadOnlyList<float[]> frames, int components, int iterations, int seed, CancellationToken cancellationToken = default)
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

        // Variances from the k-means assignment.
        {
            var counts = new double[components];
            var sq = Enumerable.Range(0, components).Select(_ => new double[d]).ToArray();
            foreach (var x in frames)
            {
                var c = Nearest(means, x);
                counts[c]++;
                for (var j = 0; j < d; j++)
                {
                    var e = x[j] - means[c][j];
                    sq[c][j] += e * e;
                }
            }

            for (var c = 0; c < components; c++)
            {
                if (counts[c] >= 2)
                {
                    for (var j = 0; j < d; j++)
                    {
                        variances[c][j] = Math.Max(sq[c][j] / counts[c], floor[j]);
                    }
                }

                weights[c] = Math.Max(counts[c], 1) / (frames.Count + (double)components);
            }
        }

        var model = new DiagonalGmm(weights, means, variances);
        var posterior = new double[components];
        for (var it = 0; it < iterations; it++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var n = new double[components];
            var sx = Enumerable.Range(0, components).Select(_ => new double[d]).ToArray();
            var sxx = Enumerable.Range(0, components).Select(_ => new double[d]).ToArray();
            var worst = 0;
            var worstLl = double.MaxValue;
            for (var i = 0; i < frames.Count; i++)
            {
                var x = frames[i];
                var ll = model.Posterior(x, posterior);
                if (ll < worstLl)
                {
                    worstLl = ll;
                    worst = i;
                }

                for (var c = 0; c < components; c++)
                {
                    var g = posterior[c];
                    if (g < 1e-8)
                    {
                        continue;
                    }

                    n[c] += g;
                    var mx = sx[c];
                    var mxx = sxx[c];
                    for (var j = 0; j < d; j++)
                    {
                        double v = x[j];
                        mx[j] += g * v;
                        mxx[j] += g * v * v;
                    }
                }
            }

            var newWeights = new double[components];
            var newMeans = new double[components][];
            var newVars = new double[components][];
            for (var c = 0; c < components; c++)
            {
                if (n[c] < 1e-3)
                {
                    // Dead component: re-seed on the frame the model explains worst.
                    newMeans[c] = frames[worst].Select(v => (double)v).ToArray();
                    newVars[c] = globalVar.Select(v => Math.Max(v / frames.Count, 1e-8)).ToArray();
                    newWeights[c] = 1.0 / frames.Count;
                    continue;
                }

                newWeights[c] = n[c] / frames.Count;
                newMeans[c] = new double[d];
                newVars[c] = new double[d];
                for (var j = 0; j < d; j++)
                {
                    var mean = sx[c][j] / n[c];
                    newMeans[c][j] = mean;
                    newVars[c][j] = Math.Max((sxx[c][j] / n[c]) - (mean * mean), floor[j]);
                }
            }

            var total = newWeights.Sum();
            for (var c = 0; c < components; c++)
            {
                newWeights[c] /= total;
            }

            model = new DiagonalGmm(newWeights, newMeans, newVars);
        }

        return model;
    }

    /// <summary>Log-likelihood ln p(x) of one frame.</summary>
    public double LogLikelihood(ReadOnlySpan<float> x)
    {
        var best = double.NegativeInfinity;
        Span<double> terms = _constants.Length <= 1024 ? stackalloc double[_constants.Length] : new double[_constants.Length];
        for (var c = 0; c < _constants.Length; c++)
        {
            terms[c] = Component(c, x);
            best = Math.Max(best, terms[c]);
        }

        double sum = 0;
        foreach (var t in terms)
        {
            sum += Math.Exp(t - best);
        }

        return best + Math.Log(sum);
    }

    /// <summary>Mean frame log-likelihood.</summary>
    public double MeanLogLikelihood(IReadOnlyList<float[]> frames)
    {
        ArgumentNullException.ThrowIfNull(frames);
        if (frames.Count == 0)
        {
            return double.NaN;
        }

        double sum = 0;
        foreach (var x in frames)
        {
            sum += LogLikelihood(x);
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

    private double Component(int c, ReadOnlySpan<float> x)
    {
        var m = _means[c];
        var iv = _invVars[c];
        double s = 0;
        for (var j = 0; j < m.Length; j++)
        {
            var e = x[j] - m[j];
            s += e * e * iv[j];
        }

        return _constants[c] - (0.5 * s);
    }

    private double Posterior(ReadOnlySpan<float> x, double[] posterior)
    {
        var best = double.NegativeInfinity;
        for (var c = 0; c < _constants.Length; c++)
        {
            posterior[c] = Component(c, x);
            best = Math.Max(best, posterior[c]);
        }

        double sum = 0;
        for (var c = 0; c < posterior.Length; c++)
        {
            posterior[c] = Math.Exp(posterior[c] - best);
            sum += posterior[c];
        }

        for (var c = 0; c < posterior.Length; c++)
        {
            posterior[c] /= sum;
        }

        return best + Math.Log(sum);
    }

    private static double[][] KMeansPlusPlus(IReadOnlyList<float[]> frames, int k, Random random, CancellationToken cancellationToken)
    {
        var sample = frames.Count <= 20_000 ? frames : Enumerable.Range(0, 20_000).Select(_ => frames[random.Next(frames.Count)]).ToList();
        var d = sample[0].Length;
        var centres = new List<double[]> { sample[random.Next(sample.Count)].Select(v => (double)v).ToArray() };
        var dist = sample.Select(x => Distance(x, centres[0])).ToArray();
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

            var centre = sample[index].Select(v => (double)v).ToArray();
            centres.Add(centre);
            for (var i = 0; i < sample.Count; i++)
            {
                dist[i] = Math.Min(dist[i], Distance(sample[i], centre));
            }
        }

        var means = centres.ToArray();
        for (var it = 0; it < 5; it++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var sums = Enumerable.Range(0, k).Select(_ => new double[d]).ToArray();
            var counts = new int[k];
            foreach (var x in sample)
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

    private static int Nearest(double[][] means, float[] x)
    {
        var best = 0;
        var bestD = double.MaxValue;
        for (var c = 0; c < means.Length; c++)
        {
            var dd = Distance(x, means[c]);
            if (dd < bestD)
            {
                bestD = dd;
                best = c;
            }
        }

        return best;
    }

    private static double Distance(float[] x, double[] m)
    {
        double s = 0;
        for (var j = 0; j < m.Length; j++)
        {
            var e = x[j] - m[j];
            s += e * e;
        }

        return s;
    }
}
