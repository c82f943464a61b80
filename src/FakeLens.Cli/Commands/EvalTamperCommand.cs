using System.CommandLine;
using FakeLens.Core.Detection;
using FakeLens.Core.Evidence;
using FakeLens.Core.Scanning;
using FakeLens.Imaging.Tampering;

namespace FakeLens.Cli.Commands;

/// <summary>
/// <c>fakelens eval tamper DIR</c>: runs every manipulation detector (those that emit a heatmap) and the fused map
/// over a set made by <c>bench tamper make</c>; prints image AUC, TPR at 5 % FPR, pixel F1/MCC (best and default
/// threshold) and time per megapixel per detector (docs/tamper-benchmark.md).
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
        var command = new Command("tamper", "Measure manipulation detectors and the fused map on a tamper set: AUC, TPR @ 5 % FPR, pixel F1/MCC, ms per MP.")
        {
            dir, detectors, csv, maps, jobs,
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
}
