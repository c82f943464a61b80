using System.CommandLine;
using FakeLens.Core.Detection;
using FakeLens.Core.Evidence;
using FakeLens.Core.Scanning;
using FakeLens.Imaging.Tampering;

namespace FakeLens.Cli.Commands;

/// <summary>
/// <c>fakelens eval tamper DIR</c>: runs every manipulation detector (those that emit a heatmap) and the fused map
/// over a set made by <c>bench tamper make</c>; prints image AUC, TPR at 5 % FPR, pixel F1/MCC (best and default
/// threshold) and time per megapixel per detector (docs/tamper.md).
/// </summary>
internal static class EvalTamperCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var dir = new Argument<string>("dir") { Description = "Folder made by 'fakelens bench tamper make' (with manifest.csv)." };
        var detectors = new Option<string[]>("--detectors") { Description = "Run only these detectors (ids or prefixes, comma-separated).", AllowMultipleArgumentsPerToken = true, HelpName = "ids" };
        var csv = new Option<string?>("--csv") { Description = "Write per-file, per-detector scores to this CSV file.", HelpName = "file" };
        var maps = new Option<string?>("--maps") { Description = "Write every heatmap (colour PNG) to this folder.", HelpName = "dir" };
        var jobs = new Option<int>("--jobs", "-j") { Description = "Files analysed in parallel (timings are per detector either way).", DefaultValueFactory = _ => 1, HelpName = "n" };
        var fit = new Option<string?>("--fit-map-calibration") { Description = "Instead of evaluating, fit the fused map's calibration on this set and write it (JSON) to this file.", HelpName = "file" };
        var command = new Command("tamper", "Measure manipulation detectors and the fused map on a tamper set: AUC, TPR @ 5 % FPR, pixel F1/MCC, ms per MP.")
        {
            dir, detectors, csv, maps, jobs, fit,
        };
        command.SetAction(async (parse, ct) =>
        {
            var setDir = parse.GetValue(dir)!;
            var all = DetectorCatalog.All().Where(d => d.Category is not (EvidenceCategory.Watermark or EvidenceCategory.Provenance or EvidenceCategory.Learned)).ToList();
            var only = (parse.GetValue(detectors) ?? []).SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
            var selected = DetectorCatalog.Select(DetectorCatalog.All(), only, [], out var error);
            if (error is not null)
            {
                await stderr.WriteLineAsync("fakelens: " + error).ConfigureAwait(false);
                return CliApp.UsageError;
            }

            var run = only.Count == 0 ? all : selected;
            if (only.Count == 0 && HasAiFills(setDir))
            {
                // AI-filled composites: the learned AI-image detector's window map is what should find them.
                run = [.. run, .. DetectorCatalog.All().Where(d => d.Id == "ai-image.model")];
            }

            if (parse.GetValue(fit) is { } fitPath)
            {
                return await FitAsync(setDir, run, fitPath, Math.Clamp(parse.GetValue(jobs), 1, 64), stdout, stderr, ct).ConfigureAwait(false);
            }

            var evaluator = new TamperEvaluator(run, [new FusedManipulationMap()], ScanLimits.Default);
            TamperEvalResult result;
            try
            {
                result = await evaluator.RunAsync(setDir, parse.GetValue(maps), Math.Clamp(parse.GetValue(jobs), 1, 64), null, ct).ConfigureAwait(false);
            }
            catch (Exception e) when (e is FileNotFoundException or FormatException or IOException or UnauthorizedAccessException)
            {
                await stderr.WriteLineAsync("fakelens: " + e.Message).ConfigureAwait(false);
                return CliApp.UsageError;
            }

            await stdout.WriteLineAsync(result.ToMarkdown()).ConfigureAwait(false);
            if (parse.GetValue(csv) is { } csvPath)
            {
                await File.WriteAllTextAsync(csvPath, result.ToCsv(), ct).ConfigureAwait(false);
                await stdout.WriteLineAsync($"Per-file scores: {csvPath}").ConfigureAwait(false);
            }

            foreach (var (file, message) in result.Errors)
            {
                await stderr.WriteLineAsync($"fakelens: {file}: {message}").ConfigureAwait(false);
            }

            return CliApp.Ok;
        });
        return command;
    }

    private static bool HasAiFills(string setDir)
    {
        var manifest = Path.Combine(setDir, TamperManifest.FileName);
        try
        {
            return File.Exists(manifest) && TamperManifest.Parse(File.ReadAllText(manifest)).Any(e => e.Kind == TamperKind.AiFill);
        }
        catch (Exception e) when (e is FormatException or IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static async Task<int> FitAsync(string setDir, IReadOnlyList<IDetector> run, string output, int jobs, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        List<FusedMapCalibrator.Sample> samples;
        var cache = Path.Combine(setDir, "fused-map-samples.json");
        try
        {
            // The scan is the slow part; its fused grids are kept beside the set so that refits are instant.
            if (File.Exists(cache) && File.GetLastWriteTimeUtc(cache) > File.GetLastWriteTimeUtc(Path.Combine(setDir, TamperManifest.FileName)))
            {
                samples = System.Text.Json.JsonSerializer.Deserialize<List<FusedMapCalibrator.Sample>>(await File.ReadAllTextAsync(cache, ct).ConfigureAwait(false)) ?? [];
                await stdout.WriteLineAsync($"Fused grids read from {cache} (delete it to rescan)").ConfigureAwait(false);
            }
            else
            {
                (samples, var skipped) = await FusedMapCalibrator.CollectAsync(setDir, run, [], ScanLimits.Default, jobs, null, ct).ConfigureAwait(false);
                if (skipped > 0)
                {
                    await stderr.WriteLineAsync($"fakelens: {skipped} file(s) without a fused map or unreadable were left out").ConfigureAwait(false);
                }

                await File.WriteAllTextAsync(cache, System.Text.Json.JsonSerializer.Serialize(samples), ct).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or FormatException or IOException or UnauthorizedAccessException)
        {
            await stderr.WriteLineAsync("fakelens: " + e.Message).ConfigureAwait(false);
            return CliApp.UsageError;
        }

        var calibration = FusedMapCalibrator.Fit(samples, Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(setDir))));
        await File.WriteAllTextAsync(output, System.Text.Json.JsonSerializer.Serialize(calibration, new System.Text.Json.JsonSerializerOptions { WriteIndented = true }), ct).ConfigureAwait(false);
        await stdout.WriteLineAsync($"Fused-map calibration: {calibration}").ConfigureAwait(false);
        await stdout.WriteLineAsync("Fitting set: " + FusedMapCalibrator.Describe(samples, calibration)).ConfigureAwait(false);
        var before = new FusedMapCalibration(3.0, "the uncalibrated map (z / 6, so 0.5 was z 3)");
        await stdout.WriteLineAsync("Before: " + FusedMapCalibrator.Describe(samples, before)).ConfigureAwait(false);
        if (FusedMapCalibration.Default.ThresholdZ != calibration.ThresholdZ)
        {
            await stdout.WriteLineAsync("Shipped default on this set: " + FusedMapCalibrator.Describe(samples, FusedMapCalibration.Default)).ConfigureAwait(false);
        }

        await stdout.WriteLineAsync($"Written to {output}").ConfigureAwait(false);
        return CliApp.Ok;
    }
}
