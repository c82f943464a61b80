using System.Globalization;
using FakeLens.Audio.Decoding;
using FakeLens.Core.Detection;
using FakeLens.Core.Evidence;
using FakeLens.Core.Media;

namespace FakeLens.Audio.Cues;

// Bandwidth of the audio at its own sample rate (BandwidthCue): a spectral cliff far below Nyquist means the sound
// was made at a lower rate and upsampled into the container, as when a TTS voice or vocoder trained at 16–24 kHz
// (VITS, HiFi-GAN, Tacotron 2 + WaveGlow at 22.05 kHz, most cloning services at 16–24 kHz) is delivered in a 44.1 or
// 48 kHz file. Because telephone audio, old recordings and low-bit-rate encoders also cut the top, the finding is
// weak (likelihood ratio 1.5, reliability 0.5, 0.3 for lossy files whose encoder may have low-passed): it tells a
// journalist to look closer and where the audio may have come from, never decides alone.
public sealed class SpeechBandwidthDetector : IDetector
{
    public const double LikelihoodRatio = 1.5;

    public string Id => "speech.bandwidth";

    public string Description => "Speech bandwidth at the file's own rate: energy above 4/8/11 kHz and a spectral cliff (made at a lower rate and upsampled).";

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
            return ValueTask.FromResult<IReadOnlyList<Evidence>>([NotApplicable(e.Message)]);
        }

        return ValueTask.FromResult<IReadOnlyList<Evidence>>([Analyze(audio, cancellationToken)]);
    }

    public Evidence Analyze(SpeechAudio audio, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(audio);
        var cue = BandwidthCue.Measure(audio.NativeSamples, audio.NativeRate, cancellationToken);
        var inv = CultureInfo.InvariantCulture;
        string Db(double v) => double.IsNaN(v) ? "n/a (above Nyquist)" : v.ToString("0 dB", inv);
        var facts = new List<Fact>
        {
            new("file sample rate", $"{audio.Facts.SampleRate} Hz ({audio.Facts.Codec})"),
            new("energy above 4 kHz vs 0.1–4 kHz", Db(cue.Above4kDb)),
            new("energy above 8 kHz vs 0.1–4 kHz", Db(cue.Above8kDb)),
            new("energy above 11 kHz vs 0.1–4 kHz", Db(cue.Above11kDb)),
            new("sharpest spectral drop", string.Create(inv, $"{cue.CliffDropDb:0} dB at {cue.CliffHz / 1000:0.0#} kHz")),
        };
        var khz = (audio.NativeRate / 1000.0).ToString("0.##", inv);
        if (cue.HasEmptyTop)
        {
            var lossy = audio.Facts.IsLossy;
            var cliff = (cue.CliffHz / 1000).ToString("0.#", inv);
            var made = (cue.LikelyContentRate / 1000.0).ToString("0.##", inv);
            return new Evidence
            {
                Id = "speech.bandwidth",
                DetectorId = Id,
                Category = Category,
                Direction = EvidenceDirection.AiGenerated,
                Title = $"Almost no energy above {cliff} kHz in a {khz} kHz file",
                Explanation = $"Almost no energy above {cliff} kHz while the file is {khz} kHz (the level falls by {cue.CliffDropDb.ToString("0", inv)} dB at that frequency and stays " +
                    $"{(-cue.AboveCliffDb).ToString("0", inv)} dB below the voice): the audio was made at about {made} kHz and upsampled. This is typical of speech synthesised at 16–24 kHz " +
                    "and delivered in a larger container, but phone recordings, old recordings and re-encoded files look the same, so it is only a hint about origin." +
                    (lossy ? $" The file is {audio.Facts.Codec}, whose encoder may itself have cut the top." : string.Empty),
                LikelihoodRatio = LikelihoodRatio,
                Reliability = lossy ? 0.3 : 0.5,
                Facts = facts,
            };
        }

        return new Evidence
        {
            Id = "speech.bandwidth",
            DetectorId = Id,
            Category = Category,
            Direction = EvidenceDirection.Neutral,
            Title = "Audio bandwidth matches its sample rate",
            Explanation = $"The spectrum reaches as high as a {khz} kHz file allows, with no sharp cut-off well below it; nothing here suggests audio made at a lower rate and upsampled.",
            Facts = facts,
        };
    }

    private Evidence NotApplicable(string reason) => new()
    {
        Id = "speech.bandwidth-not-applicable",
        DetectorId = Id,
        Category = Category,
        Direction = EvidenceDirection.Neutral,
        Title = "No audio to measure",
        Explanation = $"The bandwidth check needs audio: {reason}.",
        Reliability = 0,
    };
}
