using System.Collections.Concurrent;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using FakeLens.Core.Detection;
using FakeLens.Core.Evidence;
using FakeLens.Core.Media;
using FakeLens.Core.Reporting;
using FakeLens.Core.Scanning;
using FakeLens.Imaging.Decoding;

namespace FakeLens.Cli.Commands;

/// <summary>
/// <c>fakelens bench scan</c> and <c>fakelens bench memory</c> (issue 19, docs/performance.md): whole-scan speed per
/// megapixel on one core and on every core of one file, the per-detector table (wall and process CPU time), peak RSS,
/// the metadata + provenance pass against exiftool, and peak RSS over a long batch. Figures, never pass/fail: the
/// machine's load changes them, so CPU time (less load-sensitive) is printed beside wall time.
/// </summary>
internal static class BenchScanCommand
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static Command CreateScan(TextWriter stdout, TextWriter stderr)
    {
        var files = new Argument<string[]>("files") { Description = "Images to scan as they are (e.g. a 16 MP camera JPEG).", Arity = ArgumentArity.ZeroOrMore };
        var resize = new Option<string?>("--resize-to") { Description = "Megapixels (e.g. 1,12,24): JPEG q90 copies of the first file resized to each, scanned instead of the files.", HelpName = "list" };
        var threads = new Option<int>("--threads") { Description = "Detector threads of the parallel run (one file, like -j N).", DefaultValueFactory = _ => Environment.ProcessorCount };
        var exiftool = new Option<string?>("--exiftool") { Description = "Folder: compare the metadata + provenance pass (file,metadata,c2pa,labels) with exiftool -json -r, each run as a process.", HelpName = "dir" };
        var rounds = new Option<int>("--rounds") { Description = "Runs of each measurement (interleaved; the median is printed).", DefaultValueFactory = _ => 1 };
        var only = new Option<string?>("--detectors") { Description = "Comma-separated detector ids or prefixes to scan with (default: all).", HelpName = "list" };
        var command = new Command("scan", "Whole-scan ms per megapixel (1 core and --threads), per-detector table, peak RSS, exiftool ratio.") { files, resize, threads, exiftool, rounds, only };
        command.SetAction(async (parse, ct) =>
        {
            var inputs = parse.GetValue(files) ?? [];
            var dir = parse.GetValue(exiftool);
            if (inputs.Length == 0 && dir is null)
            {
                await stderr.WriteLineAsync("fakelens: give images to scan and/or --exiftool DIR.").ConfigureAwait(false);
                return CliApp.UsageError;
            }

            var temp = new List<string>();
            try
            {
                if (parse.GetValue(resize) is { } sizes && inputs.Length > 0)
                {
                    inputs = [.. MakeResized(inputs[0], sizes, temp)];
                }

                if (inputs.Length > 0)
                {
                    var options = parse.GetValue(only) is { } list ? new AnalyzerOptions { Detectors = list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) } : AnalyzerOptions.Default;
                    await ScanTablesAsync(inputs, options, Math.Max(1, parse.GetValue(threads)), Math.Max(1, parse.GetValue(rounds)), stdout, ct).ConfigureAwait(false);
                }

                if (dir is not null)
                {
                    await ExiftoolAsync(dir, Math.Max(1, parse.GetValue(rounds)), stdout, stderr, ct).ConfigureAwait(false);
                }

                return CliApp.Ok;
            }
            finally
            {
                foreach (var file in temp)
                {
                    File.Delete(file);
                    if (Path.GetFileName(Path.GetDirectoryName(file))?.StartsWith("fakelens-bench-", StringComparison.Ordinal) == true)
                    {
                        Directory.Delete(Path.GetDirectoryName(file)!);
                    }
                }
            }
        });
        return command;
    }

    public static Command CreateMemory(TextWriter stdout, TextWriter stderr)
    {
        var folder = new Argument<string>("dir") { Description = "Folder of images, scanned in name order and repeated until --count files." };
        var count = new Option<int>("--count") { Description = "Files to scan.", DefaultValueFactory = _ => 1000 };
        var jobs = new Option<int>("--jobs", "-j") { Description = "Files analysed in parallel.", DefaultValueFactory = _ => 2 };
        var only = new Option<string?>("--detectors") { Description = "Comma-separated detector ids or prefixes (default: all).", HelpName = "list" };
        var command = new Command("memory", "Scan a long batch and print RSS and peak RSS against the file count (flat = no growth).") { folder, count, jobs, only };
        command.SetAction(async (parse, ct) =>
        {
            var dir = parse.GetValue(folder)!;
            var images = Directory.Exists(dir)
                ? Core.Scanning.InputExpander.Expand([dir], ct).Where(f => MediaSniffer.KindOf(MediaSniffer.FromExtension(f) ?? MediaFormat.Unknown) == MediaKind.Image).Order(StringComparer.Ordinal).ToList()
                : [];
            if (images.Count == 0)
            {
                await stderr.WriteLineAsync($"fakelens: no images in {dir}.").ConfigureAwait(false);
                return CliApp.UsageError;
            }

            var n = Math.Max(1, parse.GetValue(count));
            var options = parse.GetValue(only) is { } list ? new AnalyzerOptions { Detectors = list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) } : AnalyzerOptions.Default;
            var analyzer = Analyzer.Create(options);
            var marks = new SortedSet<int> { 1, n };
            for (var m = 10; m < n; m = m < 100 ? m * 2 : m + (m < 500 ? 100 : 250))
            {
                marks.Add(m);
            }

            await stdout.WriteLineAsync(string.Create(Inv, $"{n} files from {images.Count} in {dir}, -j {parse.GetValue(jobs)}, {Environment.ProcessorCount} cores")).ConfigureAwait(false);
            await stdout.WriteLineAsync("| files | RSS now MiB | peak RSS since previous line MiB | peak RSS so far MiB | managed heap MiB | errors | wall s | load average |").ConfigureAwait(false);
            await stdout.WriteLineAsync("|---:|---:|---:|---:|---:|---:|---:|---|").ConfigureAwait(false);
            var done = 0;
            var errors = 0;
            var overall = 0L;
            var clock = Stopwatch.StartNew();
            var gate = new SemaphoreSlim(1);
            await Parallel.ForEachAsync(Enumerable.Range(0, n), new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, parse.GetValue(jobs)), CancellationToken = ct }, async (i, token) =>
            {
                var report = await analyzer.AnalyzeAsync(images[i % images.Count], null, token).ConfigureAwait(false);
                await gate.WaitAsync(token).ConfigureAwait(false);
                try
                {
                    errors += report.Status == FileStatus.Error ? 1 : 0;
                    if (marks.Contains(++done))
                    {
                        // The interval's peak (VmHWM, reset after each line) shows growth that the running maximum hides.
                        var (rss, peak) = Rss();
                        overall = Math.Max(overall, peak);
                        ResetPeak();
                        await stdout.WriteLineAsync(string.Create(Inv, $"| {done} | {rss / 1048576.0:0} | {peak / 1048576.0:0} | {overall / 1048576.0:0} | {GC.GetTotalMemory(false) / 1048576.0:0} | {errors} | {clock.Elapsed.TotalSeconds:0.0} | {LoadAverage()} |")).ConfigureAwait(false);
                    }
                }
                finally
                {
                    gate.Release();
                }
            }).ConfigureAwait(false);
            return CliApp.Ok;
        });
        return command;
    }

    private static async Task ScanTablesAsync(string[] inputs, AnalyzerOptions options, int threads, int rounds, TextWriter stdout, CancellationToken ct)
    {
        var cpu = new ConcurrentDictionary<string, double>(StringComparer.Ordinal);
        var faults = new ConcurrentDictionary<string, double>(StringComparer.Ordinal);
        var peaks = new ConcurrentDictionary<string, double>(StringComparer.Ordinal);
        var sequential = Analyzer.Create(options, o => [.. DetectorCatalog.All(o).Select(d => (IDetector)new CpuTimedDetector(d, cpu, faults, peaks))]);
        var parallel = Analyzer.Create(options with { DetectorThreads = threads });

        // Warm-up (JIT, models, native libraries) on a small copy, so that the first file is not charged for start-up.
        var warm = Path.Combine(Path.GetTempPath(), $"fakelens-bench-warm-{Guid.NewGuid():N}.jpg");
        try
        {
            var small = ImageResizer.Fit(ImageDecoder.Decode(await File.ReadAllBytesAsync(inputs[0], ct).ConfigureAwait(false), long.MaxValue).Image, 512);
            await File.WriteAllBytesAsync(warm, ImageEncoder.Jpeg(small, 90), ct).ConfigureAwait(false);
            await sequential.AnalyzeAsync(warm, null, ct).ConfigureAwait(false);
            await parallel.AnalyzeAsync(warm, null, ct).ConfigureAwait(false);
        }
        finally
        {
            File.Delete(warm);
        }

        await stdout.WriteLineAsync(string.Create(Inv, $"{Environment.ProcessorCount} cores; parallel run: {threads} detector threads; median of {rounds} interleaved round(s); load average {LoadAverage()}; huge pages: managed heap {(ManagedHeapPages.Range is null ? "off" : "advised")}, C heap {(Environment.GetEnvironmentVariable("GLIBC_TUNABLES") is { } t && t.Contains("glibc.malloc.hugetlb=1", StringComparison.Ordinal) ? "advised (glibc.malloc.hugetlb=1)" : "off")}")).ConfigureAwait(false);
        await stdout.WriteLineAsync($"| file | MP | 1 thread: wall ms/MP | CPU ms/MP | peak RSS MiB | {threads} threads: wall ms/MP | CPU ms/MP | peak RSS MiB | status |").ConfigureAwait(false);
        await stdout.WriteLineAsync("|---|---:|---:|---:|---:|---:|---:|---:|---|").ConfigureAwait(false);
        var tables = new List<(string Name, double Mp, Dictionary<string, double> Wall, Dictionary<string, double> Cpu, Dictionary<string, double> Faults, Dictionary<string, double> Peaks)>();
        foreach (var file in inputs)
        {
            var one = new List<(double Wall, double Cpu, long Peak)>();
            var many = new List<(double Wall, double Cpu, long Peak)>();
            FileReport? last = null;
            var detectorWall = new Dictionary<string, List<double>>(StringComparer.Ordinal);
            var detectorCpu = new Dictionary<string, List<double>>(StringComparer.Ordinal);
            var detectorFaults = new Dictionary<string, List<double>>(StringComparer.Ordinal);
            var detectorPeaks = new Dictionary<string, List<double>>(StringComparer.Ordinal);
            for (var r = 0; r < rounds; r++)
            {
                cpu.Clear();
                faults.Clear();
                peaks.Clear();
                var (report, m) = await MeasureAsync(sequential, file, ct).ConfigureAwait(false);
                one.Add(m);
                last = report;
                foreach (var (id, ms) in report.Timings.DetectorsMs)
                {
                    (detectorWall.TryGetValue(id, out var l) ? l : detectorWall[id] = []).Add(ms);
                    (detectorCpu.TryGetValue(id, out var c) ? c : detectorCpu[id] = []).Add(cpu.TryGetValue(id, out var used) ? used : double.NaN);
                    (detectorFaults.TryGetValue(id, out var f) ? f : detectorFaults[id] = []).Add(faults.TryGetValue(id, out var n) ? n : double.NaN);
                    (detectorPeaks.TryGetValue(id, out var pk) ? pk : detectorPeaks[id] = []).Add(peaks.TryGetValue(id, out var hwm) ? hwm : double.NaN);
                }

                many.Add((await MeasureAsync(parallel, file, ct).ConfigureAwait(false)).Measure);
            }

            var mp = last!.Width is { } w && last.Height is { } h ? w * (double)h / 1e6 : double.NaN;
            var a = Median(one);
            var b = Median(many);
            await stdout.WriteLineAsync(string.Create(Inv, $"| {Path.GetFileName(file)} | {mp:0.0} | {a.Wall / mp:0} | {a.Cpu / mp:0} | {a.Peak / 1048576.0:0} | {b.Wall / mp:0} | {b.Cpu / mp:0} | {b.Peak / 1048576.0:0} | {last.Status}{(last.Error is null ? string.Empty : " " + last.Error.Code)} |")).ConfigureAwait(false);
            tables.Add((Path.GetFileName(file), mp, detectorWall.ToDictionary(kv => kv.Key, kv => MedianOf(kv.Value)), detectorCpu.ToDictionary(kv => kv.Key, kv => MedianOf(kv.Value)), detectorFaults.ToDictionary(kv => kv.Key, kv => MedianOf(kv.Value)), detectorPeaks.ToDictionary(kv => kv.Key, kv => MedianOf(kv.Value))));
        }

        foreach (var (name, mp, wall, cpuMs, minor, peak) in tables)
        {
            await stdout.WriteLineAsync().ConfigureAwait(false);
            await stdout.WriteLineAsync(string.Create(Inv, $"Per detector, {name} ({mp:0.0} MP), one thread (CPU = whole-process CPU time and minor page faults while the detector ran; peak = the run's peak RSS when the detector ended, in the scanner's order, so the detector that raised the peak is the first to show it):")).ConfigureAwait(false);
            await stdout.WriteLineAsync("| detector | wall ms | CPU ms | CPU ms/MP | minor faults | peak RSS so far MiB | ≤ 30 ms/MP |").ConfigureAwait(false);
            await stdout.WriteLineAsync("|---|---:|---:|---:|---:|---:|---|").ConfigureAwait(false);
            foreach (var (id, ms) in wall.OrderByDescending(kv => cpuMs.GetValueOrDefault(kv.Key, kv.Value)))
            {
                var c = cpuMs.GetValueOrDefault(id, double.NaN);
                var own = id is "ai-image.model" or "copy-move.sift" or "copy-move.blocks" ? "own budget" : double.IsNaN(c) ? "—" : c / mp <= 30 ? "yes" : "no";
                var f = minor.GetValueOrDefault(id, double.NaN);
                var hwm = peak.GetValueOrDefault(id, double.NaN);
                await stdout.WriteLineAsync(string.Create(Inv, $"| {id} | {ms:0} | {c:0} | {c / mp:0.0} | {(double.IsNaN(f) ? "—" : f.ToString("0", Inv))} | {(double.IsNaN(hwm) ? "—" : (hwm / 1048576.0).ToString("0", Inv))} | {own} |")).ConfigureAwait(false);
            }
        }
    }

    private static async Task<(FileReport Report, (double Wall, double Cpu, long Peak) Measure)> MeasureAsync(Analyzer analyzer, string file, CancellationToken ct)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        ResetPeak();
        var cpu0 = Environment.CpuUsage.TotalTime;
        var clock = Stopwatch.StartNew();
        var report = await analyzer.AnalyzeAsync(file, null, ct).ConfigureAwait(false);
        var wall = clock.Elapsed.TotalMilliseconds;
        var cpu = (Environment.CpuUsage.TotalTime - cpu0).TotalMilliseconds;
        return (report, (wall, cpu, Rss().Peak));
    }

    private static async Task ExiftoolAsync(string dir, int rounds, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        var count = Core.Scanning.InputExpander.Expand([dir], ct).Count;
        var self = Assembly.GetEntryAssembly()!.Location;
        var host = Environment.ProcessPath!;
        string[] ours = [.. (Path.GetFileNameWithoutExtension(host) == "dotnet" ? [self] : Array.Empty<string>()), "scan", dir, "--detectors", "file,metadata,c2pa,labels", "-q", "--json", "/dev/null"];
        var fl = new List<double>();
        var ex = new List<double>();
        for (var r = 0; r < rounds; r++)
        {
            var t = await TimeProcessAsync("exiftool", ["-json", "-r", "-q", dir], ct).ConfigureAwait(false);
            if (t is null)
            {
                await stderr.WriteLineAsync("fakelens: exiftool is not installed (Debian: libimage-exiftool-perl); no ratio.").ConfigureAwait(false);
                return;
            }

            ex.Add(t.Value);
            fl.Add(await TimeProcessAsync(host, ours, ct).ConfigureAwait(false) ?? double.NaN);
        }

        var f = MedianOf(fl);
        var e = MedianOf(ex);
        await stdout.WriteLineAsync().ConfigureAwait(false);
        await stdout.WriteLineAsync(string.Create(Inv, $"Metadata + provenance pass on {count} files in {dir} (each a fresh process, median of {rounds}):")).ConfigureAwait(false);
        await stdout.WriteLineAsync(string.Create(Inv, $"| fakelens scan --detectors file,metadata,c2pa,labels | {f:0} ms | {f / count:0.0} ms/file |")).ConfigureAwait(false);
        await stdout.WriteLineAsync(string.Create(Inv, $"| exiftool -json -r | {e:0} ms | {e / count:0.0} ms/file |")).ConfigureAwait(false);
        await stdout.WriteLineAsync(string.Create(Inv, $"ratio fakelens / exiftool: {f / e:0.00}")).ConfigureAwait(false);
    }

    private static async Task<double?> TimeProcessAsync(string exe, string[] args, CancellationToken ct)
    {
        var info = new ProcessStartInfo(exe) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        var clock = Stopwatch.StartNew();
        Process? p;
        try
        {
            p = Process.Start(info);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }

        using (p)
        {
            var drainOut = p!.StandardOutput.BaseStream.CopyToAsync(Stream.Null, ct);
            var drainErr = p.StandardError.BaseStream.CopyToAsync(Stream.Null, ct);
            await p.WaitForExitAsync(ct).ConfigureAwait(false);
            await Task.WhenAll(drainOut, drainErr).ConfigureAwait(false);
            return clock.Elapsed.TotalMilliseconds;
        }
    }

    private static List<string> MakeResized(string source, string list, List<string> temp)
    {
        var image = ImageDecoder.Decode(File.ReadAllBytes(source), long.MaxValue).Image;
        foreach (var part in list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var mp = double.Parse(part, Inv);
            var k = Math.Sqrt(mp * 1e6 / (image.Width * (double)image.Height));
            var resized = ImageResizer.Resize(image, Math.Max(16, (int)Math.Round(image.Width * k)), Math.Max(16, (int)Math.Round(image.Height * k)));
            var folder = Directory.CreateTempSubdirectory("fakelens-bench-").FullName;
            var path = Path.Combine(folder, string.Create(Inv, $"{Path.GetFileNameWithoutExtension(source)}-{mp:0.##}MP-q90.jpg"));
            File.WriteAllBytes(path, ImageEncoder.Jpeg(resized, 90));
            temp.Add(path);
        }

        return temp;
    }

    /// <summary>Resident set now and its peak since the last <see cref="ResetPeak"/> (Linux /proc; the process's peak elsewhere).</summary>
    private static (long Rss, long Peak) Rss()
    {
        using var self = Process.GetCurrentProcess();
        self.Refresh();
        return (self.WorkingSet64, self.PeakWorkingSet64);
    }

    /// <summary>Linux: writing 5 to /proc/self/clear_refs resets the peak RSS (VmHWM) to the current RSS.</summary>
    private static void ResetPeak()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Not Linux or not allowed: the peak then covers the whole process so far.
        }
    }

    private static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "unknown";
        }
    }

    private static double MedianOf(List<double> values)
    {
        var s = values.Order().ToList();
        return s.Count == 0 ? double.NaN : s.Count % 2 == 1 ? s[s.Count / 2] : (s[(s.Count / 2) - 1] + s[s.Count / 2]) / 2;
    }

    private static (double Wall, double Cpu, long Peak) Median(List<(double Wall, double Cpu, long Peak)> runs) =>
        (MedianOf([.. runs.Select(r => r.Wall)]), MedianOf([.. runs.Select(r => r.Cpu)]), (long)MedianOf([.. runs.Select(r => (double)r.Peak)]));

    /// <summary>Linux: the process's minor page faults so far (/proc/self/stat, field 10); NaN elsewhere.</summary>
    private static double MinorFaults()
    {
        try
        {
            var stat = File.ReadAllText("/proc/self/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return double.Parse(fields[7], CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException or ArgumentOutOfRangeException)
        {
            return double.NaN;
        }
    }

    /// <summary>Adds the process CPU time and minor page faults while a detector ran (one detector at a time) to shared tables, and the run's peak RSS when it ended.</summary>
    private sealed class CpuTimedDetector(IDetector inner, ConcurrentDictionary<string, double> cpu, ConcurrentDictionary<string, double> faults, ConcurrentDictionary<string, double> peaks) : IDetector
    {
        public string Id => inner.Id;

        public string Description => inner.Description;

        public EvidenceCategory Category => inner.Category;

        public bool AppliesTo(MediaType media) => inner.AppliesTo(media);

        public async ValueTask<IReadOnlyList<Evidence>> AnalyzeAsync(AnalysisContext context, CancellationToken cancellationToken)
        {
            var start = Environment.CpuUsage.TotalTime;
            var faulted = MinorFaults();
            try
            {
                return await inner.AnalyzeAsync(context, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                var used = (Environment.CpuUsage.TotalTime - start).TotalMilliseconds;
                var n = MinorFaults() - faulted;
                cpu.AddOrUpdate(inner.Id, used, (_, v) => v + used);
                faults.AddOrUpdate(inner.Id, n, (_, v) => v + n);
                double hwm = Rss().Peak;
                peaks.AddOrUpdate(inner.Id, hwm, (_, v) => Math.Max(v, hwm));
            }
        }
    }
}
