using FakeLens.Audio.Decoding;

namespace FakeLens.Audio.Augmentation;

/// <summary>
/// A lossy codec round trip of many clips at once: the clips are joined into one stream with <see cref="GapSeconds"/>
/// of silence between them, the stream goes through ONE ffmpeg encode and ONE decode, and each clip is cut back at its
/// known offset. Encoders shift the stream by a priming delay (LAME's 576 + 529 samples, AAC's 1024, Opus's pre-skip)
/// that the decoder may or may not remove; the shift is measured, not assumed: the lag (−<see cref="MaxLead"/> …
/// +<see cref="MaxDelay"/> samples) that maximises the cross-correlation of the decoded against the original stream
/// over its loudest windows. Every clip keeps its length (zeros past the stream's end). Before this, a corpus pass
/// started two ffmpeg processes per clip (≈ 35 clips a minute on the shared machine) and cut clips at offset 0,
/// ignoring the delay.
/// </summary>
public static class CodecStream
{
    /// <summary>Silence between clips: longer than any codec's frame plus look-ahead (MP3 1,152 samples, AAC 2,048, Opus 960 at 48 kHz).</summary>
    public const double GapSeconds = 0.25;

    /// <summary>Largest delay searched, in samples at the stream's rate.</summary>
    public const int MaxDelay = 4096;

    /// <summary>Largest lead searched (a decoder that removed more than the priming), in samples.</summary>
    public const int MaxLead = 1024;

    /// <summary>At most this many seconds go through one ffmpeg call (bounded memory and output size); longer lists are split.</summary>
    public const double MaxStreamSeconds = 1800;

    /// <summary>Round trip of every clip through <paramref name="format"/> at <paramref name="kbps"/>.</summary>
    public static IReadOnlyList<float[]> RoundTrip(IReadOnlyList<float[]> clips, int sampleRate, string format, int kbps)
    {
        ArgumentNullException.ThrowIfNull(clips);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sampleRate);
        var result = new float[clips.Count][];
        var gap = (int)(GapSeconds * sampleRate);
        var start = 0;
        while (start < clips.Count)
        {
            // One stream: as many clips as fit in MaxStreamSeconds (at least one).
            var end = start;
            long length = gap;
            do
            {
                length += clips[end].Length + gap;
                end++;
            }
            while (end < clips.Count && length + clips[end].Length + gap <= MaxStreamSeconds * sampleRate);

            var offsets = new int[end - start];
            var stream = new float[length];
            var at = gap;
            for (var k = start; k < end; k++)
            {
                offsets[k - start] = at;
                clips[k].CopyTo(stream, at);
                at += clips[k].Length + gap;
            }

            var timeout = TimeSpan.FromSeconds(60 + (length / (double)sampleRate / 10));
            var decoded = FfmpegCodec.Decode(FfmpegCodec.Encode(stream, sampleRate, format, kbps, timeout), sampleRate, timeout);
            var lag = Delay(stream, decoded, sampleRate);
            for (var k = start; k < end; k++)
            {
                var clip = new float[clips[k].Length];
                var from = offsets[k - start] + lag;
                var lo = Math.Max(0, -from);
                var hi = Math.Min(clip.Length, decoded.Length - from);
                if (hi > lo)
                {
                    decoded.AsSpan(from + lo, hi - lo).CopyTo(clip.AsSpan(lo));
                }

                result[k] = clip;
            }

            start = end;
        }

        return result;
    }

    /// <summary>
    /// The lag (decoded[n + lag] ≈ original[n]) with the largest normalised cross-correlation summed over up to eight
    /// of the loudest 0.25 s windows of <paramref name="original"/>; 0 when the stream is silent.
    /// </summary>
    public static int Delay(float[] original, float[] decoded, int sampleRate)
    {
        ArgumentNullException.ThrowIfNull(original);
        ArgumentNullException.ThrowIfNull(decoded);
        var window = Math.Max(256, sampleRate / 4);
        var candidates = new List<(double Energy, int Start)>();
        for (var s = MaxLead; s + window + MaxDelay <= Math.Min(original.Length, decoded.Length); s += window)
        {
            double e = 0;
            for (var i = s; i < s + window; i++)
            {
                e += original[i] * (double)original[i];
            }

            candidates.Add((e, s));
        }

        var windows = candidates.Where(c => c.Energy > 1e-6 * window).OrderByDescending(c => c.Energy).Take(8).Select(c => c.Start).ToList();
        if (windows.Count == 0)
        {
            return 0;
        }

        var best = 0;
        var bestScore = double.NegativeInfinity;
        for (var lag = -MaxLead; lag <= MaxDelay; lag++)
        {
            double score = 0;
            foreach (var s in windows)
            {
                double xy = 0, yy = 0;
                for (var i = s; i < s + window; i++)
                {
                    var y = decoded[i + lag];
                    xy += original[i] * (double)y;
                    yy += y * (double)y;
                }

                score += xy / Math.Sqrt(yy + 1e-12);
            }

            if (score > bestScore)
            {
                bestScore = score;
                best = lag;
            }
        }

        return best;
    }
}
