using System.Globalization;
using System.Runtime.InteropServices;

namespace FakeLens.Video.Reading;

/// <summary>
/// The loudness of a video's first audio track as RMS per step (default 10 ms), from time 0 to the end of the last
/// window, decoded only inside the windows (ffmpeg seeks; mono, 16 kHz, float). Steps outside the windows stay 0.
/// Used by lip-sync style cues; null when the file has no audio or ffmpeg cannot decode it.
/// </summary>
public static class LoudnessEnvelopeReader
{
    public const int SampleRate = 16_000;

    public static float[]? Read(string path, IReadOnlyList<SamplingWindow> windows, double stepSeconds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(windows);
        if (windows.Count == 0)
        {
            return null;
        }

        var inv = CultureInfo.InvariantCulture;
        var step = Math.Max(1, (int)Math.Round(stepSeconds * SampleRate));
        var total = (int)Math.Ceiling(windows.Max(w => w.EndSeconds) / stepSeconds);
        var rms = new float[total];
        var any = false;
        foreach (var w in windows)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var args = new List<string> { "-hide_banner", "-nostdin", "-loglevel", "error" };
            if (w.StartSeconds > 0)
            {
                args.AddRange(["-ss", w.StartSeconds.ToString("0.###", inv)]);
            }

            args.AddRange(["-t", w.LengthSeconds.ToString("0.###", inv), "-i", path, "-map", "0:a:0", "-vn", "-ac", "1", "-ar", SampleRate.ToString(inv), "-f", "f32le", "pipe:1"]);
            using var p = FfmpegProcess.Start(FfmpegProcess.Ffmpeg, args);
            using var kill = cancellationToken.Register(p.Kill);
            var first = (int)Math.Round(w.StartSeconds / stepSeconds);
            var buffer = new byte[step * 4];
            var index = first;
            while (index < total && Fill(p.Output, buffer))
            {
                var samples = MemoryMarshal.Cast<byte, float>(buffer);
                double sum = 0;
                foreach (var v in samples)
                {
                    var x = float.IsFinite(v) ? v : 0f;
                    sum += x * x;
                }

                rms[index++] = (float)Math.Sqrt(sum / samples.Length);
                any = true;
            }

            p.Finish(TimeSpan.FromSeconds(30));
        }

        cancellationToken.ThrowIfCancellationRequested();
        return any ? rms : null;
    }

    /// <summary>Fills <paramref name="buffer"/> from the stream; false when the stream ended first (a partial block is dropped).</summary>
    private static bool Fill(Stream stream, byte[] buffer) => stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false) == buffer.Length;
}
