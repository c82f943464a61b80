using System.Globalization;
using System.Text.Json.Nodes;
using FakeLens.Learning.Calibration;
using FakeLens.Learning.Evaluation;

namespace FakeLens.Learning.Speech;

/// <summary>
/// Which score decides in a speech model file, and how the LFCC-GMM's log-likelihood ratio becomes a probability:
/// Platt scaling fitted on voice-grouped out-of-fold GMM scores (the GMMs of each fold never saw the clip's voice),
/// and the threshold where <see cref="TargetFpr"/> of out-of-fold real clips score above. <c>gmm</c> decides on the
/// calibrated GMM alone, <c>fusion</c> on the mean of the calibrated GMM and utterance-model probabilities, <c>model</c>
/// on the utterance model (v1 behaviour). Stored as <c>speech-decision.json</c> beside the classifier.
/// </summary>
public sealed class SpeechDecision
{
    public const string Attachment = "speech-decision.json";

    public SpeechDecision(string rule, PlattCalibrator gmmCalibrator, double threshold, double targetFpr, IReadOnlyList<double> realReference)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(gmmCalibrator);
        ArgumentNullException.ThrowIfNull(realReference);
        Rule = rule is "gmm" or "fusion" or "model" ? rule : throw new ArgumentException($"unknown decision rule '{rule}' (gmm, fusion or model).", nameof(rule));
        GmmCalibrator = gmmCalibrator;
        Threshold = threshold;
        TargetFpr = targetFpr;
        RealReference = realReference.Order().ToArray();
    }

    public string Rule { get; }

    public PlattCalibrator GmmCalibrator { get; }

    public double Threshold { get; }

    public double TargetFpr { get; }

    /// <summary>Decision probabilities of out-of-fold real clips, sorted.</summary>
    public IReadOnlyList<double> RealReference { get; }

    /// <summary>The decision probability from the utterance model's probability and the GMM's mean log-likelihood ratio.</summary>
    public double Combine(double modelProbability, double gmmScore)
    {
        var g = double.IsNaN(gmmScore) ? modelProbability : GmmCalibrator.Calibrate(gmmScore);
        return Rule switch
        {
            "gmm" => g,
            "fusion" => 0.5 * (g + modelProbability),
            _ => modelProbability,
        };
    }

    /// <summary>Fits the GMM calibration and the threshold from out-of-fold scores (NaN GMM scores are left out).</summary>
    public static SpeechDecision Fit(string rule, IReadOnlyList<double> oofModel, IReadOnlyList<double> oofGmm, IReadOnlyList<bool> fake, double targetFpr)
    {
        ArgumentNullException.ThrowIfNull(oofModel);
        ArgumentNullException.ThrowIfNull(oofGmm);
        ArgumentNullException.ThrowIfNull(fake);
        var ok = Enumerable.Range(0, fake.Count).Where(i => !double.IsNaN(oofGmm[i]) && !double.IsNaN(oofModel[i])).ToList();
        var platt = PlattCalibrator.Fit(ok.Select(i => oofGmm[i]).ToList(), ok.Select(i => fake[i]).ToList());
        var provisional = new SpeechDecision(rule, platt, 0.5, targetFpr, []);
        var p = ok.Select(i => provisional.Combine(oofModel[i], oofGmm[i])).ToList();
        var y = ok.Select(i => fake[i]).ToList();
        var threshold = BinaryMetrics.ThresholdAtFpr(p, y, targetFpr);
        return new SpeechDecision(rule, platt, threshold, targetFpr, ok.Where(i => !fake[i]).Select(i => provisional.Combine(oofModel[i], oofGmm[i])).ToList());
    }

    /// <summary>Share of out-of-fold real clips whose decision probability was at or above <paramref name="probability"/>.</summary>
    public double FractionOfRealAtOrAbove(double probability)
    {
        if (RealReference.Count == 0)
        {
            return double.NaN;
        }

        var n = RealReference.Count(v => v >= probability);
        return n / (double)RealReference.Count;
    }

    public byte[] ToBytes()
    {
        var json = new JsonObject
        {
            ["rule"] = Rule,
            ["gmm_calibration"] = CalibratorJson.Write(GmmCalibrator),
            ["threshold"] = Threshold,
            ["target_fpr"] = TargetFpr,
            ["real_reference"] = new JsonArray(RealReference.Select(v => (JsonNode)JsonValue.Create(Math.Round(v, 6))!).ToArray()),
        };
        return System.Text.Encoding.UTF8.GetBytes(json.ToJsonString());
    }

    public static SpeechDecision FromBytes(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        var node = JsonNode.Parse(bytes) ?? throw new InvalidDataException("empty speech decision");
        var calibrator = CalibratorJson.Read(node["gmm_calibration"]!) as PlattCalibrator ?? throw new InvalidDataException("the GMM calibration must be Platt scaling");
        return new SpeechDecision(
            node["rule"]!.GetValue<string>(),
            calibrator,
            node["threshold"]!.GetValue<double>(),
            node["target_fpr"]!.GetValue<double>(),
            node["real_reference"]!.AsArray().Select(v => v!.GetValue<double>()).ToList());
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Rule} (threshold {Threshold:0.000})");
}
