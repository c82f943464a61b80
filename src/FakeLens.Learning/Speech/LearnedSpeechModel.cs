using FakeLens.Audio.Cues;
using FakeLens.Audio.Features;
using FakeLens.Learning.Models;
using FakeLens.Learning.Training;

namespace FakeLens.Learning.Speech;

/// <summary>A loaded speech model file: the calibrated utterance model and, when present, the LFCC-GMM baseline.</summary>
public sealed class LearnedSpeechModel
{
    public const string DefaultFileName = "default-speech-v9.zip";

    /// <summary>Windows of the time series: 3 s every 1.5 s (only windows holding at least 0.5 s of speech are scored).</summary>
    public const double WindowSeconds = 3;
    public const double WindowStepSeconds = 1.5;

    private LearnedSpeechModel(ModelBundle bundle, CalibratedModel model, GmmPair? gmm, SpeechDecision? decision)
    {
        Bundle = bundle;
        Model = model;
        Gmm = gmm;
        Decision = gmm is null ? null : decision;
        FeatureVersion = bundle.Manifest.FeatureVersion;
    }

    /// <summary>The <see cref="UtteranceFeatures"/> version the model was trained on (older versions are a prefix of the current vector).</summary>
    public int FeatureVersion { get; }

    public ModelBundle Bundle { get; }

    public CalibratedModel Model { get; }

    public GmmPair? Gmm { get; }

    /// <summary>How the GMM enters the decision (null: the utterance model decides alone).</summary>
    public SpeechDecision? Decision { get; }

    /// <summary>The decision threshold on <see cref="SpeechScore.Probability"/>.</summary>
    public double Threshold => Decision?.Threshold ?? Model.Threshold;

    /// <summary>The share of held-out real clips above <see cref="Threshold"/> that the threshold was set for.</summary>
    public double TargetFpr => Decision?.TargetFpr ?? Model.TargetFpr;

    /// <summary>What decides, in words for the evidence.</summary>
    public string DecisionName => Decision?.Rule switch
    {
        "gmm" => "LFCC-GMM, calibrated",
        "fusion" => "mean of the calibrated LFCC-GMM and utterance model",
        _ => "utterance model, calibrated",
    };
    public static LearnedSpeechModel LoadDefault() => From(ModelBundle.LoadEmbedded(DefaultFileName));

    public static LearnedSpeechModel Load(string path) => From(ModelBundle.Load(path));

    public static LearnedSpeechModel From(ModelBundle bundle)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        var version = bundle.Manifest.FeatureVersion is >= UtteranceFeatures.MinimumVersion and <= UtteranceFeatures.Version
            ? bundle.Manifest.FeatureVersion
            : UtteranceFeatures.Version;
        bundle.EnsureFeatures(UtteranceFeatures.FeatureSetId, version);
        if (bundle.Manifest.FeatureNames.Count > 0 && !bundle.Manifest.FeatureNames.SequenceEqual(UtteranceFeatures.NamesOf(version), StringComparer.Ordinal))
        {
            throw new ModelMismatchException($"Model {bundle.Manifest.DisplayName} lists features this build's '{UtteranceFeatures.FeatureSetId}' v{version} does not compute in that order; retrain it.");
        }

        var model = bundle.Model ?? throw new ModelMismatchException($"{bundle.Manifest.DisplayName} holds no classifier.");
        GmmPair? gmm = null;
        if (bundle.Attachments.TryGetValue(GmmPair.Attachment, out var bytes))
        {
            try
            {
                gmm = GmmPair.FromBytes(bytes);
            }
            catch (Exception e) when (e is InvalidDataException or EndOfStreamException)
            {
                throw new ModelMismatchException($"{bundle.Manifest.DisplayName}: unreadable GMM: {e.Message}", e);
            }
        }

        SpeechDecision? decision = null;
        if (bundle.Attachments.TryGetValue(SpeechDecision.Attachment, out var rule))
        {
            try
            {
                decision = SpeechDecision.FromBytes(rule);
            }
            catch (Exception e) when (e is InvalidDataException or FormatException or System.Text.Json.JsonException or NullReferenceException or ArgumentException)
            {
                throw new ModelMismatchException($"{bundle.Manifest.DisplayName}: unreadable decision rule: {e.Message}", e);
            }
        }

        return new LearnedSpeechModel(bundle, model, gmm, decision);
    }

    /// <summary>Scores analysed frames: whole-utterance probability, GMM score, and per-window probabilities.</summary>
    public SpeechScore Score(SpeechFrames frames)
    {
        ArgumentNullException.ThrowIfNull(frames);
        var features = UtteranceFeatures.Compute(frames, 0, int.MaxValue, FeatureVersion);
        var raw = Model.RawScore(features);
        var gmm = Gmm?.Score(SpeechFeatureExtraction.GmmFrames(frames, 2000));
        var p = Combine(Model.Calibrator.Calibrate(raw), gmm ?? double.NaN);
        var window = (int)Math.Round(WindowSeconds / SpeechFrames.HopSeconds);
        var step = (int)Math.Round(WindowStepSeconds / SpeechFrames.HopSeconds);
        var windows = new List<float>();
        for (var start = 0; start < Math.Max(1, frames.Count - (window / 2)); start += step)
        {
            var end = Math.Min(frames.Count, start + window);
            var speech = 0;
            for (var t = start; t < end; t++)
            {
                speech += frames.Speech[t] ? 1 : 0;
            }

            windows.Add(speech * SpeechFrames.HopSeconds >= 0.5
                ? (float)Combine(Model.Calibrator.Calibrate(Model.RawScore(UtteranceFeatures.Compute(frames, start, end, FeatureVersion))), Decision is null ? double.NaN : WindowGmm(frames, start, end))
                : float.NaN);
        }

        return new SpeechScore(p, raw, gmm, Decision?.FractionOfRealAtOrAbove(p) ?? Model.FractionOfRealAtOrAbove(p), windows, WindowStepSeconds);
    }

    /// <summary>The decision probability from the utterance model's probability and the GMM score.</summary>
    public double Combine(double modelProbability, double gmmScore) => Decision?.Combine(modelProbability, gmmScore) ?? modelProbability;

    private double WindowGmm(SpeechFrames frames, int start, int end)
    {
        var list = new List<float[]>(end - start);
        for (var t = start; t < end; t++)
        {
            if (frames.Speech[t])
            {
                list.Add(frames.Lfcc[t]);
            }
        }

        return Gmm is null || list.Count == 0 ? double.NaN : Gmm.Score(list);
    }
}
