using FakeLens.Audio.Cues;
using FakeLens.Audio.Features;
using FakeLens.Learning.Models;
using FakeLens.Learning.Training;

namespace FakeLens.Learning.Speech;

/// <summary>A loaded speech model file: the calibrated utterance model and, when present, the LFCC-GMM baseline.</summary>
public sealed class LearnedSpeechModel
{
    public const string DefaultFileName = "default-speech-v1.zip";

    /// <summary>Windows of the time series: 3 s every 1.5 s (only windows holding at least 0.5 s of speech are scored).</summary>
    public const double WindowSeconds = 3;
    public const double WindowStepSeconds = 1.5;

    private LearnedSpeechModel(ModelBundle bundle, CalibratedModel model, GmmPair? gmm)
    {
        Bundle = bundle;
        Model = model;
        Gmm = gmm;
    }

    public ModelBundle Bundle { get; }

    public CalibratedModel Model { get; }

    public GmmPair? Gmm { get; }

    public static LearnedSpeechModel LoadDefault() => From(ModelBundle.LoadEmbedded(DefaultFileName));

    public static LearnedSpeechModel Load(string path) => From(ModelBundle.Load(path));

    public static LearnedSpeechModel From(ModelBundle bundle)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        bundle.EnsureFeatures(UtteranceFeatures.FeatureSetId, UtteranceFeatures.Version);
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

        return new LearnedSpeechModel(bundle, model, gmm);
    }

    /// <summary>Scores analysed frames: whole-utterance probability, GMM score, and per-window probabilities.</summary>
    public SpeechScore Score(SpeechFrames frames)
    {
        ArgumentNullException.ThrowIfNull(frames);
        var features = UtteranceFeatures.Compute(frames);
        var raw = Model.RawScore(features);
        var p = Model.Calibrator.Calibrate(raw);
        var gmm = Gmm?.Score(SpeechFeatureExtraction.GmmFrames(frames, 2000));
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

            windows.Add(speech * SpeechFrames.HopSeconds >= 0.5 ? (float)Model.Calibrator.Calibrate(Model.RawScore(UtteranceFeatures.Compute(frames, start, end))) : float.NaN);
        }

        return new SpeechScore(p, raw, gmm, Model.FractionOfRealAtOrAbove(p), windows, WindowStepSeconds);
    }
}
