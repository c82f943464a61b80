using System.Collections.Concurrent;
using System.Globalization;
using System.Text.RegularExpressions;
using FakeLens.Core.Detection;
using FakeLens.Imaging.Decoding;

namespace FakeLens.Video.Reading;

/// <summary>
/// Streams frames out of ffmpeg, one window at a time: ffmpeg seeks to the window (<c>-ss</c> before <c>-i</c>), keeps
/// the first frame of every 1/rate stretch of time, and any frame whose scene-change score exceeds the threshold (<c>select</c> filter), scales it to the output size and writes
/// raw RGB24 to a pipe. Only one frame is in memory at a time here (the consumer decides what to keep); the time of
/// each frame comes from ffmpeg's <c>showinfo</c> on stderr. A stream that ends early (truncated file, damaged
/// packets) just ends the enumeration; <see cref="FrameReadReport"/> says how far it got and what ffmpeg complained of.
/// </summary>
public static partial class FrameReader
{
    /// <summary>Output frame size for a probe: display size (after rotation) scaled so the long side is at most <paramref name="maxLongSide"/>.</summary>
    public static (int Width, int Height) OutputSize(VideoProbe probe, int maxLongSide)
    {
        ArgumentNullException.ThrowIfNull(probe);
        var w = probe.DisplayWidth;
        var h = probe.DisplayHeight;
        var scale = Math.Min(1.0, maxLongSide / (double)Math.Max(w, h));
        return (Math.Max(2, (int)Math.Round(w * scale / 2) * 2), Math.Max(2, (int)Math.Round(h * scale / 2) * 2));
    }

    /// <summary>
    /// Reads the frames of one window. <paramref name="sceneCutThreshold"/> 0 gives a plain fixed-rate sampling.
    /// <paramref name="report"/> is filled as frames come and when the process ends. With <paramref name="reuseBuffer"/>
    /// every frame shares one pixel buffer (valid until the next frame is read): for consumers that keep nothing of a
    /// frame but what they compute from it, so a long read allocates one frame buffer instead of hundreds.
    /// </summary>
    public static IEnumerable<SampledFrame> Read(string path, SamplingWindow window, double framesPerSecond, double sceneCutThreshold, (int Width, int Height) size, FrameReadReport report, CancellationToken cancellationToken, bool reuseBuffer = false)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(window);
        ArgumentNullException.ThrowIfNull(report);
        var inv = CultureInfo.InvariantCulture;
        var interval = 1.0 / framesPerSecond;
        // One frame per 1/rate bin of time (the first frame in each bin; no drift when the source rate is not a multiple
        // of the sampling rate), plus any frame whose scene-change score exceeds the threshold.
        var rate = framesPerSecond.ToString("0.######", inv);
        var bins = $"isnan(prev_selected_t)+gte(floor(t*{rate})-floor(prev_selected_t*{rate})\\,1)";
        var select = sceneCutThreshold > 0
            ? string.Create(inv, $"select='{bins}+gt(scene\\,{sceneCutThreshold:0.###})'")
            : $"select='{bins}'";
        var filter = string.Create(inv, $"{select},scale={size.Width}:{size.Height}:flags=area,showinfo");
        var maxFrames = (int)Math.Ceiling(window.LengthSeconds * framesPerSecond * (sceneCutThreshold > 0 ? 2 : 1)) + 2;
        var args = new List<string> { "-hide_banner", "-nostdin", "-loglevel", "info" };
        if (window.StartSeconds > 0)
        {
            args.AddRange(["-ss", window.StartSeconds.ToString("0.###", inv)]);
        }

        args.AddRange(["-t", window.LengthSeconds.ToString("0.###", inv), "-i", path, "-map", "0:v:0", "-an", "-sn", "-dn", "-vf", filter,
            "-fps_mode", "vfr", "-frames:v", maxFrames.ToString(inv), "-pix_fmt", "rgb24", "-f", "rawvideo", "pipe:1"]);
        using var times = new BlockingCollection<double>();
        var frameBytes = checked(size.Width * size.Height * 3);
        using var process = FfmpegProcess.Start(FfmpegProcess.Ffmpeg, args, line =>
        {
            if (line.Contains("Parsed_showinfo", StringComparison.Ordinal))
            {
                var m = PtsTime().Match(line);
                if (m.Success && double.TryParse(m.Groups[1].ValueSpan, NumberStyles.Float, CultureInfo.InvariantCulture, out var t))
                {
                    try
                    {
                        times.Add(t);
                    }
                    catch (ObjectDisposedException)
                    {
                        // The reader stopped early; nobody waits for this time any more.
                    }
                }
            }
        });
        using var kill = cancellationToken.Register(process.Kill);
        var last = double.NegativeInfinity;
        byte[]? shared = null;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var pixels = reuseBuffer ? shared ??= new byte[frameBytes] : new byte[frameBytes];
            if (!ReadExactly(process.Output, pixels))
            {
                break;
            }

            var time = times.TryTake(out var t, TimeSpan.FromSeconds(5)) ? window.StartSeconds + t : (double.IsFinite(last) ? last + interval : window.StartSeconds);
            // A frame in the same 1/rate bin as the one before was taken for a scene change.
            var cut = double.IsFinite(last) && Math.Floor((time - window.StartSeconds) * framesPerSecond) <= Math.Floor((last - window.StartSeconds) * framesPerSecond);
            last = time;
            report.Frames++;
            report.LastFrameSeconds = time;
            yield return new SampledFrame(time, new RgbImage(size.Width, size.Height, pixels), cut);
        }

        cancellationToken.ThrowIfCancellationRequested();
        var (exit, stderr) = process.Finish(TimeSpan.FromSeconds(30));
        var problems = stderr.Split('\n').Select(l => l.Trim()).Where(IsDecodeProblem).Take(3).ToList();
        if (exit != 0)
        {
            problems.Insert(0, $"ffmpeg exit code {exit}: {VideoProber.Short(string.Join(' ', stderr.Split('\n').TakeLast(3)))}");
        }

        report.Problems.AddRange(problems);
        report.Windows++;
    }

    /// <summary>Fills <paramref name="buffer"/> from the stream; false when the stream ended first (a partial block is dropped).</summary>
    private static bool ReadExactly(Stream stream, byte[] buffer) => stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false) == buffer.Length;

    private static bool IsDecodeProblem(string line) =>
        line.Contains("error", StringComparison.OrdinalIgnoreCase) || line.Contains("invalid", StringComparison.OrdinalIgnoreCase)
        || line.Contains("corrupt", StringComparison.OrdinalIgnoreCase) || line.Contains("truncat", StringComparison.OrdinalIgnoreCase)
        || line.Contains("moov atom not found", StringComparison.OrdinalIgnoreCase) || line.Contains("missing", StringComparison.OrdinalIgnoreCase);

    [GeneratedRegex(@"pts_time:\s*(-?[0-9.]+)")]
    private static partial Regex PtsTime();
}

/// <summary>What a frame read achieved: frames, how far into the file, and what ffmpeg complained of (decode errors).</summary>
public sealed class FrameReadReport
{
    public int Frames { get; set; }

    public int Windows { get; set; }

    public double LastFrameSeconds { get; set; } = double.NaN;

    public List<string> Problems { get; } = [];
}
