using FakeLens.Core.Detection;
using FakeLens.Core.Evidence;
using FakeLens.Imaging.Decoding;

namespace FakeLens.Video.Frames;

/// <summary>
/// An image detector applied to video frames, with a frame budget: it scores at most <see cref="MaxFrames"/> frames of
/// a video, evenly spread over the sample (the learned AI-image model costs far more per frame than a watermark read).
/// With <see cref="ReuseWhenUnchanged"/>, a frame that looks the same as the last one this detector scored
/// (<see cref="FrameSignature"/>) reuses that result instead of paying again — right for detectors that judge visible
/// content, wrong for invisible watermarks, whose marks change pixels far below what the signature sees.
/// </summary>
public sealed class FrameScorer
{
    public FrameScorer(IDetector detector, int maxFrames, bool reuseWhenUnchanged = false)
    {
        ArgumentNullException.ThrowIfNull(detector);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxFrames);
        if (!detector.AppliesTo(FrameContext.Media))
        {
            throw new ArgumentException($"{detector.Id} does not analyse decoded images, so it cannot score video frames", nameof(detector));
        }

        Detector = detector;
        MaxFrames = maxFrames;
        ReuseWhenUnchanged = reuseWhenUnchanged;
    }

    /// <summary>Reuse the last result on frames that look unchanged (content detectors only, never watermarks).</summary>
    public bool ReuseWhenUnchanged { get; }

    public IDetector Detector { get; }

    public int MaxFrames { get; }

    /// <summary>Name of this scorer's curve on the timeline: the image detector's id.</summary>
    public string Series => Detector.Id;

    public async ValueTask<FrameObservation> ScoreAsync(double time, RgbImage frame, ScanLimits limits, CancellationToken cancellationToken)
    {
        var context = FrameContext.Create(frame, FormattableString.Invariant($"frame@{time:0.00}s"), limits);
        IReadOnlyList<Evidence> output = await Detector.AnalyzeAsync(context, cancellationToken).ConfigureAwait(false);
        return FrameObservation.From(time, output);
    }
}
