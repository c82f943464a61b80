namespace FakeLens.Audio.Decoding;

/// <summary>
/// Audio ready for speech analysis: mono samples at <see cref="AnalysisRate"/> for the features, the mono samples at
/// the decoded native rate for the cues that need the top of the spectrum, and what the file said about itself.
/// </summary>
/// <param name="Samples">Mono, −1..1, at <see cref="AnalysisRate"/>.</param>
/// <param name="NativeSamples">Mono, −1..1, at <paramref name="NativeRate"/> (the same array when the native rate is 16 kHz).</param>
/// <param name="NativeRate">Rate of <paramref name="NativeSamples"/>: the file's own rate, capped at 96 kHz.</param>
/// <param name="Facts">Original rate, channels, codec, bit-rate, duration (from the header or ffprobe).</param>
public sealed record SpeechAudio(float[] Samples, float[] NativeSamples, int NativeRate, AudioFacts Facts)
{
    /// <summary>
    /// 16 kHz: the rate of the ASVspoof corpora the LFCC/CQCC baselines were designed for, of most TTS/vocoder
    /// training sets, and of wide-band telephony. Every clip is resampled to it so that the sample rate itself
    /// (a property of the container, not of the voice) cannot be what a model learns; what lies above 8 kHz is
    /// measured separately by the bandwidth cue at the native rate.
    /// </summary>
    public const int AnalysisRate = 16_000;

    public double DurationSeconds => Samples.Length / (double)AnalysisRate;

    /// <summary>The file is longer than <see cref="AudioDecoder.MaxSeconds"/>; only its beginning was analysed.</summary>
    public bool WasCut { get; init; }

    /// <summary>Far less audio decoded than the header promised: the stream is truncated or damaged.</summary>
    public bool Truncated { get; init; }

    /// <summary>Wraps samples already in memory (tests, training code): resamples to the analysis rate.</summary>
    public static SpeechAudio FromSamples(float[] samples, int sampleRate, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(samples);
        AudioDecoder.CheckRate(sampleRate);
        var analysis = sampleRate == AnalysisRate ? samples : AudioResampler.Resample(samples, sampleRate, AnalysisRate, cancellationToken);
        var facts = new AudioFacts("memory", "pcm_f32", sampleRate, 1, null, samples.Length / (double)sampleRate, 32);
        return new SpeechAudio(analysis, samples, sampleRate, facts);
    }
}
