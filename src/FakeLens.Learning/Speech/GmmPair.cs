namespace FakeLens.Learning.Speech;

/// <summary>
/// The ASVspoof 2019 LA baseline back-end (Todisco et al., Interspeech 2019): one GMM for bona fide speech and one
/// for spoofed speech on LFCC+Δ+ΔΔ frames, the score of an utterance being the mean frame log-likelihood ratio.
/// The baseline scores bona fide minus spoof; FakeLens scores spoof minus bona fide so that, like every model
/// here, higher means more likely fake. Only speech frames (voice activity) are scored.
/// </summary>
public sealed class GmmPair(DiagonalGmm bonafide, DiagonalGmm spoof)
{
    public const string Attachment = "gmm-lfcc.bin";

    public DiagonalGmm Bonafide { get; } = bonafide ?? throw new ArgumentNullException(nameof(bonafide));

    public DiagonalGmm Spoof { get; } = spoof ?? throw new ArgumentNullException(nameof(spoof));

    public static GmmPair Train(IReadOnlyList<float[]> realFrames, IReadOnlyList<float[]> fakeFrames, int components, int iterations, int seed, CancellationToken cancellationToken, int threads = 1)
    {
        var bona = DiagonalGmm.Fit(realFrames, components, iterations, seed, cancellationToken, threads);
        var spoof = DiagonalGmm.Fit(fakeFrames, components, iterations, seed + 1, cancellationToken, threads);
        return new GmmPair(bona, spoof);
    }

    /// <summary>Mean over frames of ln p(x | spoof) − ln p(x | bona fide); NaN without frames.</summary>
    public double Score(IReadOnlyList<float[]> frames)
    {
        ArgumentNullException.ThrowIfNull(frames);
        return frames.Count == 0 ? double.NaN : Spoof.MeanLogLikelihood(frames) - Bonafide.MeanLogLikelihood(frames);
    }

    /// <summary>Per-frame log-likelihood ratio.</summary>
    public double FrameScore(ReadOnlySpan<float> frame) => Spoof.LogLikelihood(frame) - Bonafide.LogLikelihood(frame);

    public byte[] ToBytes()
    {
        using var s = new MemoryStream();
        Bonafide.Save(s);
        Spoof.Save(s);
        return s.ToArray();
    }

    public static GmmPair FromBytes(byte[] bytes)
    {
        using var s = new MemoryStream(bytes);
        return new GmmPair(DiagonalGmm.Load(s), DiagonalGmm.Load(s));
    }
}
