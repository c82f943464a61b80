using System.Text.Json.Nodes;
using FakeLens.Learning.Calibration;

namespace FakeLens.Learning.Tests.Calibration;

public sealed class CalibratorTests
{
    private static (double[] Scores, bool[] Labels) SigmoidData(double a, double b, int n, int seed)
    {
        var random = new Random(seed);
        var s = Enumerable.Range(0, n).Select(_ => (random.NextDouble() * 8) - 4).ToArray();
        var y = s.Select(v => random.NextDouble() < 1 / (1 + Math.Exp((a * v) + b))).ToArray();
        return (s, y);
    }

    [Fact]
    public void Platt_recovers_the_sigmoid_that_generated_the_labels()
    {
        var (s, y) = SigmoidData(-1.5, 0.5, 20000, 1);
        var platt = PlattCalibrator.Fit(s, y);
        Assert.InRange(platt.A, -1.65, -1.35);
        Assert.InRange(platt.B, 0.4, 0.6);
        Assert.True(platt.Calibrate(3) > platt.Calibrate(0));
    }

    [Fact]
    public void Isotonic_is_monotone_and_never_certain()
    {
        var (s, y) = SigmoidData(-2, 0, 2000, 2);
        var iso = IsotonicCalibrator.Fit(s, y);
        double previous = 0;
        for (double v = -5; v <= 5; v += 0.01)
        {
            double p = iso.Calibrate(v);
            Assert.True(p >= previous - 1e-12);
            Assert.InRange(p, 1.0 / 2002, 1 - (1.0 / 2002));
            previous = p;
        }

        Assert.InRange(iso.Calibrate(0), 0.35, 0.65);
    }

    [Fact]
    public void Calibrators_survive_a_json_round_trip()
    {
        var (s, y) = SigmoidData(-1, 0, 500, 3);
        foreach (IProbabilityCalibrator c in new IProbabilityCalibrator[] { PlattCalibrator.Fit(s, y), IsotonicCalibrator.Fit(s, y) })
        {
            var back = CalibratorJson.Read(JsonNode.Parse(CalibratorJson.Write(c).ToJsonString())!);
            Assert.Equal(c.Kind, back.Kind);
            foreach (double v in new[] { -3.0, -0.7, 0, 1.3, 4 })
            {
                Assert.Equal(c.Calibrate(v), back.Calibrate(v), 12);
            }
        }

        Assert.Throws<FormatException>(() => CalibratorJson.Read(JsonNode.Parse("{\"kind\":\"magic\"}")!));
    }
}
