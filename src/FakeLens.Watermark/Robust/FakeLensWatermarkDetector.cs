using System.Globalization;
using FakeLens.Core.Detection;
using FakeLens.Core.Evidence;
using FakeLens.Core.Media;
using FakeLens.Imaging.Decoding;

namespace FakeLens.Watermark.Robust;

// Method: reads FakeLens's own robust image mark (FakeLensImageWatermark: tiled keyed spread spectrum after Kutter
// 1998, autocorrelation resynchronisation after Voloshynovskiy et al. 2001, K = 7 rate-½ convolutional code, 32-bit
// payload with a 32-bit keyed HMAC tag; layout v2 adds a QIM layer of cell means for small photos). "Marked" needs the
// tag to match under one of at most 18 hypotheses (12 grids from the autocorrelation, 3 from the crop scale sweep, 3
// QIM readings), so the false-positive probability per key is ≤ 18 · 2^−32 ≈ 4.2e-9 by construction; the likelihood ratio is 1/p, capped at 1e6 because anyone holding the key
// (for the open label: everyone) can write the mark. Several keys may be given (the public open-label key by
// default); each is an independent test, and p is multiplied by their number.

/// <summary>Looks for the FakeLens robust watermark under one or more keys.</summary>
public sealed class FakeLensWatermarkDetector : IDetector
{
    private const double MaxLikelihoodRatio = 1e6;

    private readonly IReadOnlyList<WatermarkKey> _keys;
    private readonly FakeLensImageWatermark _scheme = new();

    /// <summary>Checks the public open-labelling key <see cref="FakeLensImageWatermark.DefaultKey"/>.</summary>
    public FakeLensWatermarkDetector()
        : this([FakeLensImageWatermark.DefaultKey])
    {
    }

    /// <summary>Checks each of <paramref name="keys"/> (e.g. a newsroom's private key and the open label).</summary>
    public FakeLensWatermarkDetector(IReadOnlyList<WatermarkKey> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        if (keys.Count == 0)
        {
            throw new ArgumentException("at least one watermark key is needed", nameof(keys));
        }

        _keys = keys;
    }

    public string Id => "watermark.fakelens";

    public string Description => "FakeLens's robust invisible watermark (keyed, survives JPEG, resizing, cropping, small rotations): payload, bit accuracy, false-positive probability.";

    public EvidenceCategory Category => EvidenceCategory.Watermark;

    public bool AppliesTo(MediaType media)
    {
        ArgumentNullException.ThrowIfNull(media);
        return media.Kind == MediaKind.Image && media.PixelsSupported;
    }

    public ValueTask<IReadOnlyList<Evidence>> AnalyzeAsync(AnalysisContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var image = ImageDecoder.Get(context).Image;
        return ValueTask.FromResult<IReadOnlyList<Evidence>>([Analyze(image, cancellationToken)]);
    }

    /// <summary>The finding for decoded pixels (exposed for tests and the CLI).</summary>
    public Evidence Analyze(RgbImage image, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(image);
        WatermarkDetection? best = null;
        foreach (var key in _keys)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var d = _scheme.Detect(image, key, cancellationToken);
            if (best is null || Rank(d) > Rank(best) || (Rank(d) == Rank(best) && d.PValue < best.PValue))
            {
                best = d;
            }

            if (d.State == WatermarkState.Marked)
            {
                break;
            }
        }

        var detection = best!;
        var p = Math.Min(1, detection.PValue * _keys.Count);
        var ci = CultureInfo.InvariantCulture;
        var facts = new List<Fact>
        {
            new("state", detection.State.ToString()),
            new("p-value", p.ToString("0.##e0", ci)),
            new("keys tried", _keys.Count.ToString(ci)),
        };
        if (detection.State == WatermarkState.Marked)
        {
            facts.Insert(0, new Fact("payload", new WatermarkPayload(detection.DecodedBits).ToHex()));
            facts.Insert(1, new Fact("bit accuracy", detection.BitAccuracy.ToString("0.000", ci) + $" ({detection.MatchingBits}/{detection.TotalBits} coded bits before error correction)"));
        }

        return detection.State switch
        {
            WatermarkState.Marked => new Evidence
            {
                Id = Id,
                DetectorId = Id,
                Category = Category,
                Direction = EvidenceDirection.AiGenerated,
                Title = $"FakeLens watermark found ({detection.PayloadName})",
                Explanation = detection.Explanation + " Generators that label their output with the FakeLens mark write it into every picture they make; whoever holds the key can also write it, so it shows which labelling key marked the image, not who pressed the button.",
                LikelihoodRatio = Math.Min(MaxLikelihoodRatio, 1 / Math.Max(p, 1e-300)),
                Reliability = 1,
                Decisive = true,
                Facts = facts,
            },
            WatermarkState.NotMarked => new Evidence
            {
                Id = Id,
                DetectorId = Id,
                Category = Category,
                Direction = EvidenceDirection.Neutral,
                Title = "No FakeLens watermark",
                Explanation = detection.Explanation + " Most generators do not use this mark, and heavy edits (strong compression, large rotations, mirroring) can erase it, so its absence says nothing about how the image was made.",
                Reliability = 1,
                Facts = facts,
            },
            _ => new Evidence
            {
                Id = Id,
                DetectorId = Id,
                Category = Category,
                Direction = EvidenceDirection.Neutral,
                Title = "FakeLens watermark: cannot decide",
                Explanation = detection.Explanation,
                Reliability = 0,
                Facts = facts,
            },
        };
    }

    private static int Rank(WatermarkDetection d) => d.State switch
    {
        WatermarkState.Marked => 2,
        WatermarkState.CannotDecide => d.TotalBits > 0 ? 1 : 0,
        _ => 0,
    };
}
