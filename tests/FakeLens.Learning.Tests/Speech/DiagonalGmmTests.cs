using FakeLens.Learning.Speech;

namespace FakeLens.Learning.Tests.Speech;

public sealed class DiagonalGmmTests
{
    private static List<float[]> Mixture(int n, int seed)
    {
        // 30 % N((−3, 0), diag(1, 0.25)) and 70 % N((3, 2), diag(0.5, 1)).
        var random = new Random(seed);
        double Gauss() => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        var frames = new List<float[]>(n);
        for (var i = 0; i < n; i++)
        {
            frames.Add(random.NextDouble() < 0.3
                ? [(float)(-3 + Gauss()), (float)(0.5 * Gauss())]
                : [(float)(3 + (Math.Sqrt(0.5) * Gauss())), (float)(2 + Gauss())]);
        }

        return frames;
    }

    [Fact]
    public void Em_recovers_the_weights_means_and_variances_of_a_known_mixture()
    {
        var gmm = DiagonalGmm.Fit(Mixture(6000, 1), 2, 30, seed: 3);
        var order = Enumerable.Range(0, 2).OrderBy(c => gmm.Means[c][0]).ToArray();
        var (a, b) = (order[0], order[1]);
        Assert.InRange(gmm.Weights[a], 0.27, 0.33);
        Assert.InRange(gmm.Means[a][0], -3.1, -2.9);
        Assert.InRange(gmm.Means[a][1], -0.05, 0.05);
        Assert.InRange(gmm.Variances[a][0], 0.9, 1.1);
        Assert.InRange(gmm.Variances[a][1], 0.22, 0.28);
        Assert.InRange(gmm.Means[b][0], 2.95, 3.05);
        Assert.InRange(gmm.Means[b][1], 1.93, 2.07);
        Assert.InRange(gmm.Variances[b][0], 0.45, 0.55);
        Assert.InRange(gmm.Variances[b][1], 0.9, 1.1);
    }

    private static List<float[]> Wide(int n, int d, int seed)
    {
        // Four clusters in d dimensions with unequal spreads, like LFCC+Δ+ΔΔ frames (d = 60) in scale.
        var random = new Random(seed);
        double Gauss() => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        var centres = Enumerable.Range(0, 4).Select(c => Enumerable.Range(0, d).Select(j => 5 * Gauss()).ToArray()).ToArray();
        return Enumerable.Range(0, n).Select(_ =>
        {
            var c = random.Next(4);
            return Enumerable.Range(0, d).Select(j => (float)(centres[c][j] + ((1 + (j % 3)) * Gauss()))).ToArray();
        }).ToList();
    }

    [Fact]
    public void Vectorised_likelihoods_and_posteriors_equal_the_scalar_formula()
    {
        // 60 dimensions is not a multiple of every vector width, so the scalar tail is exercised too (61 certainly).
        foreach (var d in new[] { 60, 61 })
        {
            var frames = Wide(3000, d, 7);
            var gmm = DiagonalGmm.Fit(frames, 16, 4, seed: 2);
            foreach (var x in Wide(50, d, 8))
            {
                // The scalar formula, from the public parameters alone.
                var terms = Enumerable.Range(0, gmm.Components).Select(c =>
                {
                    double s = Math.Log(gmm.Weights[c]);
                    for (var j = 0; j < d; j++)
                    {
                        var e = x[j] - gmm.Means[c][j];
                        s -= 0.5 * ((e * e / gmm.Variances[c][j]) + Math.Log(2 * Math.PI * gmm.Variances[c][j]));
                    }

                    return s;
                }).ToArray();
                var best = terms.Max();
                var sum = terms.Sum(t => Math.Exp(t - best));
                var ll = best + Math.Log(sum);
                Assert.True(Math.Abs(gmm.LogLikelihood(x) - ll) <= 1e-6 * Math.Max(1, Math.Abs(ll)), $"vectorised {gmm.LogLikelihood(x)} vs scalar {ll}");
                Assert.True(Math.Abs(gmm.LogLikelihoodScalar(x) - ll) <= 1e-6 * Math.Max(1, Math.Abs(ll)));
                var posteriors = gmm.Posteriors(x);
                for (var c = 0; c < gmm.Components; c++)
                {
                    Assert.True(Math.Abs(posteriors[c] - (Math.Exp(terms[c] - best) / sum)) <= 1e-6, $"posterior {c}: {posteriors[c]}");
                }
            }
        }
    }

    [Fact]
    public void Same_seed_gives_the_same_model_whatever_the_thread_count()
    {
        // More frames than one E-step chunk, so two threads really split the work.
        var frames = Wide(DiagonalGmm.ChunkFrames + 9000, 6, 3);
        var one = DiagonalGmm.Fit(frames, 8, 4, seed: 11, threads: 1);
        var again = DiagonalGmm.Fit(frames, 8, 4, seed: 11, threads: 1);
        var two = DiagonalGmm.Fit(frames, 8, 4, seed: 11, threads: 2);
        var other = DiagonalGmm.Fit(frames, 8, 4, seed: 12, threads: 1);
        foreach (var g in new[] { again, two })
        {
            Assert.Equal(one.Weights, g.Weights);
            for (var c = 0; c < one.Components; c++)
            {
                Assert.Equal(one.Means[c], g.Means[c]);
                Assert.Equal(one.Variances[c], g.Variances[c]);
            }
        }

        Assert.NotEqual(one.Means.SelectMany(m => m), other.Means.SelectMany(m => m));
    }

    [Fact]
    public void Saved_model_gives_the_same_likelihoods()
    {
        var frames = Mixture(1000, 2);
        var gmm = DiagonalGmm.Fit(frames, 4, 5, seed: 1);
        using var stream = new MemoryStream();
        gmm.Save(stream);
        stream.Position = 0;
        var loaded = DiagonalGmm.Load(stream);
        Assert.Equal(gmm.MeanLogLikelihood(frames), loaded.MeanLogLikelihood(frames), 3);
    }

    [Fact]
    public void Pair_scores_frames_of_the_spoof_class_above_zero_and_bona_fide_below()
    {
        var real = Mixture(2000, 3);
        var fake = Mixture(2000, 4).Select(f => new[] { f[0] + 1.5f, f[1] - 1 }).ToList();
        var pair = GmmPair.Train(real, fake, 4, 10, 5, CancellationToken.None);
        Assert.True(pair.Score(Mixture(300, 5)) < 0);
        Assert.True(pair.Score(Mixture(300, 6).Select(f => new[] { f[0] + 1.5f, f[1] - 1 }).ToList()) > 0);
        var copy = GmmPair.FromBytes(pair.ToBytes());
        Assert.Equal(pair.Score(real), copy.Score(real), 3);
    }
}
