using FakeLens.Learning.Plotting;

namespace FakeLens.Learning.Tests.Plotting;

public sealed class PlotsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("fakelens-plots-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Roc_det_and_reliability_figures_are_written_as_png()
    {
        var random = new Random(1);
        var labels = Enumerable.Range(0, 200).Select(i => i % 2 == 0).ToArray();
        var scores = labels.Select(l => random.NextDouble() + (l ? 0.5 : 0)).ToArray();
        var curve = new ScoreCurve("test", scores, labels);
        var probabilities = scores.Select(s => s / 1.5).ToArray();
        string roc = Path.Combine(_dir, "roc.png"), det = Path.Combine(_dir, "det.png"), rel = Path.Combine(_dir, "rel.png");

        Plots.Roc(roc, "ROC", [curve]);
        Plots.Det(det, "DET", [curve, curve with { Name = "again" }]);
        Plots.Reliability(rel, "Reliability", probabilities, labels);

        foreach (var file in new[] { roc, det, rel })
        {
            var bytes = File.ReadAllBytes(file);
            Assert.True(bytes.Length > 2000);
            Assert.Equal([0x89, 0x50, 0x4E, 0x47], bytes[..4]);
        }
    }

    [Theory]
    [InlineData(0.5, 0.0)]
    [InlineData(0.975, 1.959964)]
    [InlineData(0.01, -2.326348)]
    public void Probit_inverts_the_normal_distribution(double p, double z) =>
        Assert.Equal(z, Plots.Probit(p), 5);
}
