using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using FakeLens.Core.Detection;
using FakeLens.Core.Fusion;
using FakeLens.Core.Media;
using FakeLens.Core.Scanning;

namespace FakeLens.Cli.Commands;

/// <summary>
/// <c>fakelens bench video</c>: speed and memory of the video detectors (video.container + video.frames as in the
/// catalog) on a clip made with ffmpeg (lavfi testsrc2 with temporal noise) or on --input; reports wall time, the
/// per-detector times, frames sampled, and this process's peak working set (ffmpeg's own memory is not included).
/// Issue 15 targets: 60 s of 720p at 2 fps in ≤ 30 s on 2 cores; bounded memory for 10 min of 1080p.
/// </summary>
internal static class BenchVideoCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var input = new Option<string?>("--input") { Description = "Video to analyse instead of a generated clip.", HelpName = "file" };
        var seconds = new Option<int>("--seconds") { Description = "Length of the generated clip.", DefaultValueFactory = _ => 60 };
        var height = new Option<int>("--height") { Description = "Frame height of the generated clip (16:9).", DefaultValueFactory = _ => 720 };
        var fps = new Option<int>("--fps") { Description = "Frame rate of the generated clip.", DefaultValueFactory = _ => 30 };
        var noise = new Option<int>("--noise") { Description = "Temporal noise added to the generated clip (0 = none; noise makes files large and decoding slow).", DefaultValueFactory = _ => 10 };
        var timeout = new Option<int>("--timeout") { Description = "Per-file time limit in seconds (the frame pass stops at 60 % of it).", DefaultValueFactory = _ => 120 };
        var command = new Command("video", "Measure the video detectors' speed and peak memory on a generated clip (or --input).") { input, seconds, height, fps, noise, timeout };
        command.SetAction(async (parse, ct) =>
        {
            var inv = CultureInfo.InvariantCulture;
            var path = parse.GetValue(input);
            string? temp = null;
            if (path is null)
            {
                var h = parse.GetValue(height);
                var w = (int)Math.Round(h * 16 / 9.0 / 2) * 2;
                temp = Path.Combine(Path.GetTempPath(), $"fakelens-bench-{Guid.NewGuid():N}.mp4");
                var make = Stopwatch.StartNew();
                var info = new ProcessStartInfo("ffmpeg") { UseShellExecute = false, RedirectStandardError = true };
                foreach (var a in (string[])["-hide_banner", "-loglevel", "error", "-nostdin", "-y", "-f", "lavfi", "-i", string.Create(inv, $"testsrc2=size={w}x{h}:rate={parse.GetValue(fps)}:duration={parse.GetValue(seconds)}") + (parse.GetValue(noise) > 0 ? string.Create(inv, $",noise=alls={parse.GetValue(noise)}:allf=t") : string.Empty), "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", temp])
                {
                    info.ArgumentList.Add(a);
                }

                using (var p = Process.Start(info)!)
                {
                    var err = await p.StandardError.ReadToEndAsync(ct).ConfigureAwait(false);
                    await p.WaitForExitAsync(ct).ConfigureAwait(false);
                    if (p.ExitCode != 0)
                    {
                        await stderr.WriteLineAsync("fakelens: ffmpeg could not make the clip: " + err).ConfigureAwait(false);
                        return CliApp.UsageError;
                    }
                }

                await stdout.WriteLineAsync(string.Create(inv, $"clip: {parse.GetValue(seconds)} s of {w}×{h} at {parse.GetValue(fps)} fps (made in {make.Elapsed.TotalSeconds:0.0} s)")).ConfigureAwait(false);
                path = temp;
            }

            try
            {
                var detectors = DetectorCatalog.All().Where(d => d.AppliesTo(new MediaType(MediaFormat.Mp4, MediaKind.Video, "video/mp4", false, null)) && d.Id.StartsWith("video.", StringComparison.Ordinal)).ToList();
                var limits = ScanLimits.Default with { FileTimeout = TimeSpan.FromSeconds(parse.GetValue(timeout)) };
                var scanner = new Scanner(detectors, new EvidenceFusion(), limits);
                using var self = Process.GetCurrentProcess();
                self.Refresh();
                var cpuBefore = self.TotalProcessorTime;
                var childBefore = ChildCpuSeconds();
                var clock = Stopwatch.StartNew();
                var report = await scanner.ScanFileAsync(path, ct).ConfigureAwait(false);
                clock.Stop();
                self.Refresh();
                var cpuSelf = (self.TotalProcessorTime - cpuBefore).TotalSeconds;
                var cpuChildren = ChildCpuSeconds() - childBefore;
                var timeline = report.Evidence.FirstOrDefault(e => e.Timeline is not null);
                await stdout.WriteLineAsync(string.Create(inv, $"status {report.Status}{(report.Error is null ? string.Empty : " (" + report.Error.Message + ")")}; wall time {clock.Elapsed.TotalSeconds:0.0} s on {Environment.ProcessorCount} cores")).ConfigureAwait(false);
                foreach (var (id, ms) in report.Timings.DetectorsMs)
                {
                    await stdout.WriteLineAsync(string.Create(inv, $"  {id,-20} {ms / 1000:0.0} s")).ConfigureAwait(false);
                }

                foreach (var e in report.Evidence.Where(e => e.Id.StartsWith("video.frames.", StringComparison.Ordinal)))
                {
                    var f = e.Facts.ToDictionary(x => x.Name, x => x.Value);
                    await stdout.WriteLineAsync($"  {e.Id,-42} frames scored {f.GetValueOrDefault("frames scored")}, {f.GetValueOrDefault("time per frame")} per frame").ConfigureAwait(false);
                }

                if (timeline?.Timeline is { } t)
                {
                    await stdout.WriteLineAsync(string.Create(inv, $"  frames sampled {t.Frames.Count} thumbnails, {t.CoveredSeconds:0.#} of {t.DurationSeconds:0.#} s covered")).ConfigureAwait(false);
                }

                // CPU time barely depends on how busy the machine is, unlike wall time: the load-insensitive figure.
                var videoSeconds = timeline?.Timeline?.DurationSeconds ?? double.NaN;
                await stdout.WriteLineAsync(string.Create(inv, $"CPU time: {cpuSelf:0.0} s this process + {cpuChildren:0.0} s ffmpeg/ffprobe = {cpuSelf + cpuChildren:0.0} s; {(cpuSelf + cpuChildren) / videoSeconds:0.000} CPU-s per second of video")).ConfigureAwait(false);
                await stdout.WriteLineAsync(string.Create(inv, $"peak working set of this process {self.PeakWorkingSet64 / 1048576.0:0} MiB (managed heap now {GC.GetTotalMemory(false) / 1048576.0:0} MiB)")).ConfigureAwait(false);
                return CliApp.Ok;
            }
            finally
            {
                if (temp is not null)
                {
                    File.Delete(temp);
                }
            }
        });
        return command;
    }

    /// <summary>User + system CPU seconds of this process's finished (waited-for) children, from /proc/self/stat (Linux; NaN elsewhere).</summary>
    private static double ChildCpuSeconds()
    {
        try
        {
            var stat = File.ReadAllText("/proc/self/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            // After the command name: field 3 is state, so cutime (16) and cstime (17) are at 13 and 14 here.
            return (long.Parse(fields[13], CultureInfo.InvariantCulture) + long.Parse(fields[14], CultureInfo.InvariantCulture)) / 100.0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return double.NaN;
        }
    }
}
