using System.Globalization;
using FakeLens.Core.Detection;
using FakeLens.Core.Evidence;
using FakeLens.Core.Fusion;
using FakeLens.Core.Reporting;
using FakeLens.Core.Scanning;

namespace FakeLens.Imaging.Tampering;

/// <summary>
/// Runs detectors (and evidence combiners such as the fused map) over a tamper set made by
/// <see cref="TamperSetMaker"/> and measures, per detector that emitted a heatmap on at least one file: image-level
/// AUC and TPR at 5 % FPR (tampered vs controls), pixel-level F1 and MCC at each image's best threshold and at
/// the default 0.5 (per image, averaged over the tampered files — the MKLab protocol of Zampoglou et al. 2017),
/// and time per megapixel. Maps are resampled to the mask's resolution (<see cref="HeatmapSampler"/>). A file that
/// cannot be scanned or whose mask is missing is reported and skipped; the batch goes on.
/// </summary>
public sealed class TamperEvaluator(IReadOnlyList<IDetector> detectors, IReadOnlyList<IEvidenceCombiner> combiners, ScanLimits limits)
{
    public async Task<TamperEvalResult> RunAsync(string setDir, string? mapsDir, int jobs, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var manifestPath = Path.Combine(setDir, TamperManifest.FileName);
        if (!File.Exists(manifestPath))
        {
            throw new FileNotFoundException($"{manifestPath} not found: give a folder made by 'fakelens bench tamper make'.", manifestPath);
        }

        var entries = TamperManifest.Parse(await File.ReadAllTextAsync(manifestPath, cancellationToken).ConfigureAwait(false));
        if (mapsDir is not null)
        {
            Directory.CreateDirectory(mapsDir);
        }

        var scanner = new Scanner(detectors, new EvidenceFusion(), limits, combiners);
        var perFile = new (List<TamperEvalRow> Rows, HashSet<string> WithMap, string? Error)[entries.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, entries.Count),
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, jobs), CancellationToken = cancellationToken },
            async (i, ct) =>
            {
                perFile[i] = await EvaluateAsync(scanner, setDir, entries[i], mapsDir, ct).ConfigureAwait(false);
                progress?.Report(entries[i].File);
            }).ConfigureAwait(false);

        var withMap = perFile.SelectMany(f => f.WithMap).ToHashSet(StringComparer.Ordinal);
        var rows = perFile.SelectMany(f => f.Rows).Where(r => withMap.Contains(r.Detector)).ToList();
        var errors = perFile.Select((f, i) => (entries[i].File, f.Error)).Where(x => x.Error is not null).Select(x => (x.File, x.Error!)).ToList();
        var order = detectors.Select(d => d.Id).Concat(combiners.Select(c => c.Id)).ToList();
        var summaries = rows.GroupBy(r => r.Detector).OrderBy(g => order.IndexOf(g.Key)).Select(Summarise).ToList();
        return new TamperEvalResult(rows, summaries, errors);
    }

    private static async Task<(List<TamperEvalRow>, HashSet<string>, string?)> EvaluateAsync(Scanner scanner, string setDir, TamperManifestEntry entry, string? mapsDir, CancellationToken ct)
    {
        var rows = new List<TamperEvalRow>();
        var withMap = new HashSet<string>(StringComparer.Ordinal);
        var report = await scanner.ScanFileAsync(Path.Combine(setDir, entry.File), ct).ConfigureAwait(false);
        if (report.Status == FileStatus.Error)
        {
            return (rows, withMap, $"{report.Error?.Code}: {report.Error?.Message}");
        }

        TamperMask mask;
        try
        {
            mask = TamperMask.Load(await File.ReadAllBytesAsync(Path.Combine(setDir, entry.Mask), ct).ConfigureAwait(false));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or MediaException)
        {
            return (rows, withMap, $"mask {entry.Mask} unreadable: {e.Message}");
        }

        if (report.Width is { } w && report.Height is { } h && (w != mask.Width || h != mask.Height))
        {
            return (rows, withMap, string.Create(CultureInfo.InvariantCulture, $"mask {entry.Mask} is {mask.Width} × {mask.Height}, the image {w} × {h}"));
        }

        var megapixels = mask.Width * (double)mask.Height / 1e6;
        var tampered = entry.Kind != TamperKind.Control;
        foreach (var (id, ms) in report.Timings.DetectorsMs)
        {
            var mine = report.Evidence.Where(e => e.DetectorId == id).ToList();
            var map = mine.Where(e => FusedManipulationMap.IsInput(e) || e.Id == FusedManipulationMap.EvidenceId || IsLearnedMap(e))
                .OrderByDescending(e => e.Weight).FirstOrDefault()?.Heatmap;
            PixelScores? pixels = null;
            if (map is not null)
            {
                withMap.Add(id);
                if (tampered)
                {
                    pixels = PixelMetrics.Score(HeatmapSampler.Resample(map, mask.Width, mask.Height), mask);
                }

                if (mapsDir is not null)
                {
                    var name = Path.GetFileNameWithoutExtension(entry.File) + "." + id + ".png";
                    await File.WriteAllBytesAsync(Path.Combine(mapsDir, name), map.ColourPng, ct).ConfigureAwait(false);
                }
            }
            else if (tampered)
            {
                pixels = new PixelScores(0, 0, 0, 0, 1);
            }

            rows.Add(new TamperEvalRow(entry.File, entry.Kind, id, ImageScore(mine), map is not null, pixels, ms, megapixels, entry.TamperedFraction));
        }

        return (rows, withMap, null);
    }

    /// <summary>
    /// A learned detector's map of where the picture looks generated (e.g. ai-image.model's window map): measured like a
    /// manipulation map on AI-filled composites, though it is no input of the fused map.
    /// </summary>
    internal static bool IsLearnedMap(Evidence e) =>
        e.Heatmap is not null && e.Category == EvidenceCategory.Learned && e.Direction is EvidenceDirection.AiGenerated or EvidenceDirection.Neutral;

    /// <summary>
    /// The "score" fact, else the "inconsistency score" fact, else a learned map's "strongest area probability", else the
    /// strongest weight towards manipulation (0 if none).
    /// </summary>
    internal static double ImageScore(IReadOnlyList<Evidence> evidence)
    {
        foreach (var name in new[] { "score", "inconsistency score", "strongest area probability" })
        {
            foreach (var e in evidence)
            {
                var fact = e.Facts.FirstOrDefault(f => f.Name.Equals(name, StringComparison.OrdinalIgnoreCase));
                if (fact is not null && double.TryParse(fact.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v))
                {
                    return v;
                }
            }
        }

        return evidence.Where(e => e.Direction == EvidenceDirection.Manipulated).Select(e => e.Weight).DefaultIfEmpty(0).Max();
    }

    private static TamperEvalSummary Summarise(IGrouping<string, TamperEvalRow> g)
    {
        var rows = g.ToList();
        var scores = rows.Select(r => r.Score).ToList();
        var labels = rows.Select(r => r.Kind != TamperKind.Control).ToList();
        var px = rows.Where(r => r.Pixels is not null).Select(r => r.Pixels!).ToList();
        double Mean(Func<PixelScores, double> f) => px.Count == 0 ? double.NaN : px.Average(f);
        var mp = rows.Sum(r => r.Megapixels);
        return new TamperEvalSummary(
            g.Key, rows.Count, rows.Count(r => r.HasMap), PixelMetrics.Auc(scores, labels), PixelMetrics.TprAtFpr(scores, labels, 0.05),
            Mean(p => p.F1Best), Mean(p => p.MccBest), Mean(p => p.F1Default), Mean(p => p.MccDefault), mp > 0 ? rows.Sum(r => r.Milliseconds) / mp : double.NaN);
    }
}
