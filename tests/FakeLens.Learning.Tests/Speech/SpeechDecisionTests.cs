using FakeLens.Learning.Speech;

namespace FakeLens.Learning.Tests.Speech;

public sealed class SpeechDecisionTests
{
    [Fact]
    public void Gmm_rule_follows_the_gmm_score_and_the_threshold_holds_the_target_false_positive_rate()
    {
        var random = new Random(3);
        var gmm = new List<double>();
        var model = new List<double>();
        var fake = new List<bool>();
        for (var i = 0; i < 400; i++)
        {
            var f = i % 2 == 0;
            gmm.Add((f ? 1.0 : -1.0) + random.NextDouble() - 0.5);
            model.Add(0.5);
            fake.Add(f);
        }

        var decision = SpeechDecision.Fit("gmm", model, gmm, fake, 0.05);
        Assert.True(decision.Combine(0.5, 2) > decision.Combine(0.5, -2));
        var realAbove = Enumerable.Range(0, 400).Count(i => !fake[i] && decision.Combine(model[i], gmm[i]) >= decision.Threshold) / 200.0;
        Assert.InRange(realAbove, 0.0, 0.06);
        var back = SpeechDecision.FromBytes(decision.ToBytes());
        Assert.Equal(decision.Threshold, back.Threshold, 9);
        Assert.Equal(decision.Combine(0.2, 0.7), back.Combine(0.2, 0.7), 6);
    }

    [Fact]
    public void Fusion_is_the_mean_of_both_probabilities_and_a_missing_gmm_score_falls_back_to_the_model()
    {
        var decision = new SpeechDecision("fusion", new FakeLens.Learning.Calibration.PlattCalibrator(-1, 0), 0.5, 0.05, []);
        Assert.Equal(0.5 * (0.3 + (1 / (1 + Math.Exp(-2)))), decision.Combine(0.3, 2), 9);
        Assert.Equal(0.3, decision.Combine(0.3, double.NaN), 9);
        Assert.Throws<ArgumentException>(() => new SpeechDecision("vote", new FakeLens.Learning.Calibration.PlattCalibrator(-1, 0), 0.5, 0.05, []));
    }
}
