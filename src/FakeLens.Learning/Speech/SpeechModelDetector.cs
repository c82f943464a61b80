using System.Globalization;
using FakeLens.Audio.Cues;
using FakeLens.Audio.Decoding;
using FakeLens.Core.Detection;
using FakeLens.Core.Evidence;
using FakeLens.Core.Media;
using FakeLens.Learning.Models;

namespace FakeLens.Learning.Speech;

// Learned synthetic-speech detector. Features: UtteranceFeatures (v2 for the shipped model; older files use the v1
// prefix) at 16 kHz over voice-active frames (energy + spectral-flatness VAD, the one the model was trained with) —
// statistics of LFCC+Δ+ΔΔ as in the ASVspoof 2019 LA baseline (Sahidullah et al. 2015; Todisco et al. 2019),
// interpretable cues (spectral flatness, 4–8 kHz level, group-delay irregularity, F0 jitter/shimmer, pause level,
// digital silence, repeated frames) and, since v2, the 4–8 kHz sub-band and long-term modulation families
// (SpectroTemporalFeatures; v2 vs v1 on the same leave-one-system-out splits: 26.3 % vs 28.1 % mean EER). Models in the
// shipped default-speech-v7 file: the utterance classifier (ML.NET LightGBM, Platt-calibrated on voice-grouped folds),
// which decides, and the ASVspoof LFCC-GMM pair (32 components, its score shown as a fact), trained on the corpus
// (data/speech-corpus.csv: 6,428 clips, 5,037 synthetic of 63 system labels from demo pages, 1,391 real of which 392
// come from 17 ASR / VAD / enhancement / pronunciation / emotion repositories) plus the shared audio, with random
// trims for both classes and every clip once clean and once after an MP3 64 kbit/s round trip (v7 is v6's recipe with
// the new real sources; v7 vs v6 on the same held-out systems and on held-out real sources: docs/speech.md). What decides is recorded
// in the model file (no SpeechDecision = the utterance model; otherwise the calibrated GMM or the mean of both),
// chosen by leave-one-system-out EER, which the file records and the explanation quotes. Whether there is speech at all is decided by Silero VAD v5 when installed
// (energy rule otherwise, said in the evidence). The likelihood ratio is the calibrated odds capped at 9 and only
// above the threshold: the model can make a verdict lean, never decide it. The time series holds the probability of
// 3 s windows every 1.5 s (0 where a window holds under 0.5 s of speech). Reliability drops for < 2 s of speech,
// narrow-band (≤ 8 kHz) audio, low-bit-rate files, clipped audio and recordings whose pauses are nearly as loud as
// the voice (music, heavy noise).
public sealed class SpeechModelDetector : IDetector
{
    public const double MaxLikelihoodRatio = 9;
    public const double BaseReliability = 0.6;
    public const double MinSpeechSeconds = 0.5;
    private readonly Lazy<(LearnedSpeechModel? Model, string? Error)> _model;

    public SpeechModelDetector()
        : this(LearnedSpeechModel.LoadDefault)
    {
    }

    public SpeechModelDetector(LearnedSpeechModel model)
        : this(() => model)
    {
        ArgumentNullException.ThrowIfNull(model);
    }

    private SpeechModelDetector(Func<LearnedSpeechModel> load)
    {
        _model = new Lazy<(LearnedSpeechModel?, string?)>(() =>
        {
            try
            {
                return (load(), null);
            }
            catch (ModelMismatchException e)
            {
                return (null, e.Message);
            }
        });
    }

    public string Id => "speech.model";

    public string Description => "Learned synthetic-speech detector (LFCC-GMM and LFCC/voice-cue LightGBM at 16 kHz, calibrated, trained on 41 TTS/vocoder/voice-conversion systems; Silero VAD; per-window scores).";

    public EvidenceCategory Category => EvidenceCategory.Voice;

    public bool AppliesTo(MediaType media)
    {
        ArgumentNullException.ThrowIfNull(media);
        return media.Kind is MediaKind.Audio or MediaKind.Video;
    }

    public ValueTask<IReadOnlyList<Evidence>> AnalyzeAsync(AnalysisContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        SpeechAudio audio;
        try
        {
            audio = AudioDecoder.Get(context, cancellationToken);
        }
        catch (MediaException e)
        {
            return ValueTask.FromResult<IReadOnlyList<Evidence>>([Neutral("speech.model-not-applicable", "No voice to analyse", $"The speech detector cannot run: {e.Message}.")]);
        }

        return ValueTask.FromResult<IReadOnlyList<Evidence>>([Analyze(audio, cancellationToken)]);
    }

    public Evidence Analyze(SpeechAudio audio, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(audio);
        var (model, error) = _model.Value;
        if (model is null)
        {
            return Neutral("speech.model-unavailable", "Speech model unavailable", $"The learned speech detector could not load its model: {error}");
        }

        var frames = SpeechFrames.Analyze(audio.Samples, cancellationToken);
        var inv = CultureInfo.InvariantCulture;

        // Whether there is speech at all is decided by the Silero VAD model when it is installed (it tells a voice from
        // music, tones and noise far better than an energy rule); the model's features keep the energy VAD they were
        // trained with, so scan measures exactly what training measured.
        var silero = SileroVoiceActivity.Default;
        var sileroSeconds = silero is null ? double.NaN : silero.Detect(audio.Samples, frames.Count, cancellationToken).Count(v => v) * SpeechFrames.HopSeconds;
        var vadName = silero is null ? "energy rule (the Silero VAD model is not installed: run scripts/bootstrap.sh)" : "Silero VAD v5";
        var found = silero is null ? frames.SpeechSeconds : sileroSeconds;
        if (found < MinSpeechSeconds || frames.SpeechSeconds < MinSpeechSeconds)
        {
            return Neutral("speech.model-not-applicable", "No speech found",
                string.Create(inv, $"Voice-activity detection ({vadName}) found {found:0.0} s of speech in {audio.DurationSeconds:0.0} s of audio (silence, noise, music or a tone); at least {MinSpeechSeconds:0.0} s are needed."));
        }

        var cues = SpeechCues.Compute(frames);
        var score = model.Score(frames);
        var (reliability, caveats) = Reliability(audio, frames, cues);
        var manifest = model.Bundle.Manifest;
        var p = score.Probability;
        var threshold = model.Threshold;
        var share = score.FractionOfRealAtOrAbove;
        var shareText = double.IsNaN(share) ? "no reference" : share switch
        {
            0 => "none",
            < 0.01 => "under 1 %",
            _ => string.Create(inv, $"{100 * share:0} %"),
        };
        var facts = new List<Fact>
        {
            new("probability synthetic (calibrated)", p.ToString("0.000", inv)),
            new("model", $"{manifest.DisplayName} ({manifest.Classifier}, {manifest.Calibration}; decided by the {model.DecisionName})"),
            new("decision threshold", threshold.ToString("0.000", inv) + string.Create(inv, $" ({100 * model.TargetFpr:0.#} % of held-out real clips above)")),
            new("real clips scoring this high", shareText),
            new("speech found", string.Create(inv, $"{found:0.0} s of {audio.DurationSeconds:0.0} s ({vadName})")),
            new("pitch jitter / shimmer", string.Create(inv, $"{100 * cues.Jitter:0.00} % / {100 * cues.Shimmer:0.0} %")),
            new("pitch", cues.F0Median > 0 ? string.Create(inv, $"median {cues.F0Median:0} Hz, spread {cues.F0StdSemitones:0.0} semitones") : "no voiced frames"),
            new("spectral flatness (mean ± sd)", string.Create(inv, $"{cues.FlatnessMean:0.000} ± {cues.FlatnessStd:0.000}")),
            new("4–8 kHz level vs below", string.Create(inv, $"{cues.HighBandDbMean:0} dB")),
            new("pauses below the voice", string.Create(inv, $"{-cues.PauseLevelDb:0} dB ({100 * cues.DigitalSilence:0} % digital silence)")),
            new("repeated frames", string.Create(inv, $"{100 * cues.RepeatedFraction:0.0} %")),
        };
        if (score.GmmScore is { } g)
        {
            facts.Add(new Fact("LFCC-GMM baseline (mean log-likelihood ratio, > 0 leans synthetic)", g.ToString("0.00", inv)));
        }

        var series = new TimeSeries(0, score.WindowStepSeconds, score.WindowProbabilities.Select(v => float.IsNaN(v) ? 0f : v).ToArray(),
            string.Create(inv, $"Probability of synthetic speech per {LearnedSpeechModel.WindowSeconds:0} s window"));
        var top = -1;
        for (var i = 0; i < score.WindowProbabilities.Count; i++)
        {
            if (!float.IsNaN(score.WindowProbabilities[i]) && (top < 0 || score.WindowProbabilities[i] > score.WindowProbabilities[top]))
            {
                top = i;
            }
        }

        var where = score.WindowProbabilities.Count > 1 && top >= 0
            ? string.Create(inv, $" The most suspicious stretch starts at {top * score.WindowStepSeconds:0.0} s (probability {score.WindowProbabilities[top]:0.00}); the timeline shows the rest.")
            : string.Empty;
        var caveat = caveats.Count == 0 ? string.Empty : " Reliability is reduced: " + string.Join("; ", caveats) + ".";
        var lead = string.Create(inv, $"probability {p:0.00} (model {manifest.DisplayName}, calibrated; {shareText} of held-out real clips score this high)");
        if (p >= threshold)
        {
            return new Evidence
            {
                Id = "speech.model",
                DetectorId = Id,
                Category = Category,
                Direction = EvidenceDirection.AiGenerated,
                Title = string.Create(inv, $"Voice sounds synthetic to the model ({p:0.00})"),
                Explanation = $"A model trained on real and synthetic speech measured the voice: {lead}.{where} {Generalisation(manifest, inv)} " +
                    "Treat a high score as a reason to verify the source, not as proof." + caveat,
                LikelihoodRatio = Math.Clamp(p / Math.Max(1e-6, 1 - p), 1, MaxLikelihoodRatio),
                Probability = p,
                Reliability = reliability,
                Facts = facts,
                TimeSeries = series,
            };
        }

        return new Evidence
        {
            Id = "speech.model",
            DetectorId = Id,
            Category = Category,
            Direction = EvidenceDirection.Neutral,
            Title = string.Create(inv, $"Voice below the model's synthetic threshold ({p:0.00})"),
            Explanation = $"A model trained on real and synthetic speech measured the voice: {lead}, below its threshold {threshold.ToString("0.00", inv)}.{where} " +
                $"{Generalisation(manifest, inv)} Modern voice clones can pass unnoticed, so this does not show the voice is real." + caveat,
            Probability = p,
            Reliability = reliability,
            Facts = facts,
            TimeSeries = series,
        };
    }

    /// <summary>
    /// What the model file says about systems it never saw: its leave-one-system-out EER, and (v8 on) its
    /// leave-one-repository-out EER on whole repositories of newer systems — the harder figure — when measured; each
    /// after MP3 64k and (v9 on, voice-message apps' codec) Opus 24k too when the file carries those figures.
    /// </summary>
    private static string Generalisation(ModelManifest manifest, IFormatProvider inv)
    {
        var m = manifest.Metrics;
        var systems = m.TryGetValue("loo_eer", out var loo)
            ? string.Create(inv, $"On synthesis systems it was not trained on it errs on about {100 * loo:0} % of clips{(m.TryGetValue("loo_eer_mp3", out var mp3) ? string.Create(inv, $", {100 * mp3:0} % after MP3 64 kbit/s") : string.Empty)}{(m.TryGetValue("loo_eer_opus", out var opus) ? string.Create(inv, $", {100 * opus:0} % after Opus 24 kbit/s") : string.Empty)} (leave-one-system-out equal error rate{(m.TryGetValue("loo_systems", out var n) ? string.Create(inv, $" over {n:0} systems") : string.Empty)}, docs/speech.md).")
            : "On synthesis systems it was not trained on it is often wrong.";
        return m.TryGetValue("lorepo_eer", out var repo)
            ? systems + string.Create(inv, $" On whole demo pages of 2023–2025 systems held out from training it errs on about {100 * repo:0} % of clips{(m.TryGetValue("lorepo_eer_mp3", out var rmp3) ? string.Create(inv, $", {100 * rmp3:0} % after MP3") : string.Empty)}{(m.TryGetValue("lorepo_eer_opus", out var ropus) ? string.Create(inv, $", {100 * ropus:0} % after Opus") : string.Empty)} (leave-one-repository-out equal error rate{(m.TryGetValue("lorepo_repositories", out var k) ? string.Create(inv, $" over {k:0} repositories") : string.Empty)}).")
            : systems;
    }

    private static (double Reliability, List<string> Caveats) Reliability(SpeechAudio audio, SpeechFrames frames, SpeechCues cues)
    {
        var r = BaseReliability;
        var caveats = new List<string>();
        var inv = CultureInfo.InvariantCulture;
        if (frames.SpeechSeconds < 2)
        {
            r = Math.Min(r, 0.2);
            caveats.Add(string.Create(inv, $"only {frames.SpeechSeconds:0.0} s of speech (the model needs a few seconds)"));
        }

        if (audio.Facts.SampleRate <= 8000)
        {
            r = Math.Min(r, 0.3);
            caveats.Add("narrow-band audio (8 kHz, telephone quality) hides the upper spectrum the model reads");
        }

        if (audio.Facts.IsLossy && audio.Facts.BitRate is > 0 and < 48_000)
        {
            r = Math.Min(r, 0.35);
            caveats.Add(string.Create(inv, $"low-bit-rate {audio.Facts.Codec} ({audio.Facts.BitRate / 1000} kbit/s) smears the fine detail"));
        }

        var clipped = 0;
        foreach (var v in audio.NativeSamples)
        {
            clipped += Math.Abs(v) >= 0.999f ? 1 : 0;
        }

        if (clipped > 0.005 * audio.NativeSamples.Length)
        {
            r = Math.Min(r, 0.3);
            caveats.Add(string.Create(inv, $"{100.0 * clipped / audio.NativeSamples.Length:0.0} % of samples are clipped"));
        }

        if (cues.PauseLevelDb > -15)
        {
            r = Math.Min(r, 0.25);
            caveats.Add(string.Create(inv, $"the pauses are only {-cues.PauseLevelDb:0} dB below the voice (music or heavy background noise)"));
        }

        if (audio.Truncated)
        {
            r = Math.Min(r, 0.3);
            caveats.Add("the stream is truncated");
        }

        return (r, caveats);
    }

    private Evidence Neutral(string id, string title, string explanation) => new()
    {
        Id = id,
        DetectorId = Id,
        Category = Category,
        Direction = EvidenceDirection.Neutral,
        Title = title,
        Explanation = explanation,
        Reliability = 0,
    };
}
