using System.Globalization;
using FakeLens.Audio.Decoding;
using FakeLens.Core.Detection;
using FakeLens.Core.Evidence;
using FakeLens.Core.Media;

namespace FakeLens.Watermark.Audio;

/// <summary>
/// Looks for the FakeLens audio watermark (<see cref="FakeLensAudioWatermark"/>: keyed log-spectral spread
/// spectrum after Kirovski &amp; Malvar 2003, open-label key "fakelens-open-label-v1") in audio files. WAV is read
/// directly; MP3, FLAC, Ogg and M4A go through ffmpeg when it is installed (otherwise this detector alone is
/// skipped with an "unsupported" error). A mark found with p ≤ 10⁻⁶ is decisive evidence of AI generation by a
/// tool that applied the FakeLens label, with likelihood ratio min(10⁶, 1/p); no mark says nothing about the audio
/// (most AI audio carries no FakeLens mark), so it is reported as neutral. Audio shorter than 2 s or silent cannot
/// be read: reliability 0.
/// </summary>
public sealed class AudioWatermarkDetector : IDetector
{
    private const double MaxLikelihoodRatio = 1e6;
    private const int DecodeRate = 16_000;

    public string Id => "watermark.fakelens-audio";

    public string Description => "FakeLens audio watermark (keyed spread spectrum, open-label key): decoded payload and p-value.";

    public EvidenceCategory Category => EvidenceCategory.Watermark;

    public bool AppliesTo(MediaType media)
    {
        ArgumentNullException.ThrowIfNull(media);
        return media.Kind == MediaKind.Audio;
    }

    public ValueTask<IReadOnlyList<Evidence>> AnalyzeAsync(AnalysisContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (samples, rate) = Load(context, cancellationToken);
        var detection = new FakeLensAudioWatermark().Detect(samples, rate, null, cancellationToken);
        return ValueTask.FromResult<IReadOnlyList<Evidence>>([ToEvidence(detection, samples.Length / (double)rate)]);
    }

    private static (float[] Samples, int Rate) Load(AnalysisContext context, CancellationToken cancellationToken)
    {
        if (context.Media.Format == MediaFormat.Wav)
        {
            var wav = WavIo.Read(context.Bytes.Span, cancellationToken);
            return (wav.Samples, wav.SampleRate);
        }

        try
        {
            return (FfmpegCodec.Decode(context.Bytes.Span, DecodeRate), DecodeRate);
        }
        catch (MediaException e) when (e.Code == "unsupported")
        {
            throw new MediaException($"{context.Media.Format} audio needs ffmpeg to be decoded for the watermark check: {e.Message}", e)
            {
                Code = "unsupported",
                AffectsWholeFile = false,
            };
        }
    }

    private Evidence ToEvidence(WatermarkDetection d, double seconds)
    {
        var facts = new List<Fact>
        {
            new("duration", seconds.ToString("0.0 s", CultureInfo.InvariantCulture)),
            new("p-value", d.PValue.ToString("0.##E+0", CultureInfo.InvariantCulture)),
        };
        if (d.TotalBits > 0)
        {
            facts.Add(new Fact("coded bits agreeing", $"{d.MatchingBits} of {d.TotalBits}"));
        }

        switch (d.State)
        {
            case WatermarkState.Marked:
                var payload = new WatermarkPayload(d.DecodedBits).ToHex();
                facts.Add(new Fact("payload", payload));
                return new Evidence
                {
                    Id = "watermark.fakelens-audio",
                    DetectorId = Id,
                    Category = Category,
                    Direction = EvidenceDirection.AiGenerated,
                    Title = "FakeLens audio watermark found",
                    Explanation = d.Explanation + " This mark is added by generators that label their output with FakeLens's open key; " +
                        "it survives MP3/AAC coding, resampling, volume changes and cutting, so its presence means this audio came out of such a tool.",
                    LikelihoodRatio = Math.Clamp(1 / Math.Max(d.PValue, 1e-300), 1, MaxLikelihoodRatio),
                    Decisive = true,
                    Facts = facts,
                };
            case WatermarkState.NotMarked:
                return new Evidence
                {
                    Id = "watermark.fakelens-audio",
                    DetectorId = Id,
                    Category = Category,
                    Direction = EvidenceDirection.Neutral,
                    Title = "No FakeLens audio watermark",
                    Explanation = d.Explanation + " Most audio, real or generated, carries no FakeLens mark, so its absence says nothing either way.",
                    Facts = facts,
                };
            default:
                return new Evidence
                {
                    Id = "watermark.fakelens-audio",
                    DetectorId = Id,
                    Category = Category,
                    Direction = EvidenceDirection.Neutral,
                    Title = "FakeLens audio watermark: cannot tell",
                    Explanation = d.Explanation,
                    Reliability = 0,
                    Facts = facts,
                };
        }
    }
}
