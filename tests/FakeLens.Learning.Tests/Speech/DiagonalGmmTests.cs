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
