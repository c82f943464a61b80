using System.Globalization;
using FakeLens.Core.Detection;
using FakeLens.Core.Fusion;
using FakeLens.Core.Reporting;
using FakeLens.Core.Scanning;

namespace FakeLens.Imaging.Tampering;

/// <summary>
/// Fits a <see cref="FusedMapCalibration"/> on a tamper set: scans every file, rebuilds the fused map's raw z grid,
/// labels each grid cell from the ground-truth mask (edited when at least half its pixels are), and picks the z
/// threshold with the best mean per-image F1 that still leaves most untouched controls without a flagged area.
/// </summary>
public static class FusedMapCalibrator
{
    /// <summary>One file's fused grid and cell labels.</summary>
    public sealed record Sample(string File, bool Tampered, float[] Z, double Strength, bool[] Edited);

    /// <summary>Scans the set and returns one sample per file that could be analysed (errors are skipped and counted).</summary>
    public static async Task<(List<Sample> Samples, int Skipped)> CollectAsync(string setDir, IReadOnlyList<IDetector> detectors, IReadOnlyList<IEvidenceCombiner> combiners, ScanLimits limits, int jobs, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var entries = TamperManifest.Parse(await File.ReadAllTextAsync(Path.Combine(setDir, TamperManifest.FileName), cancellationToken).ConfigureAwait(false));
        var scanner = new Scanner(detectors, new EvidenceFusion(), limits, combiners);
        var samples = new Sample?[entries.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, entries.Count),
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, jobs), CancellationToken = cancellationToken },
            async (i, ct) =>
            {
                var entry = entries[i];
                var report = await scanner.ScanFileAsync(Path.Combine(setDir, entry.File), ct).ConfigureAwait(false);
                var inputs = report.Evidence.Where(FusedManipulationMap.IsInput).ToList();
                if (report.Status == FileStatus.Error || report.Width is not { } w || report.Height is not { } h || inputs.Count == 0)
                {
                    return;
                }

                var mask = TamperMask.Load(await File.ReadAllBytesAsync(Path.Combine(setDir, entry.Mask), ct).ConfigureAwait(false));
                if (mask.Width != w || mask.Height != h)
                {
                    return;
                }

                var grid = FusedManipulationMap.Fuse(inputs, w, h, ct);
                samples[i] = new Sample(entry.File, entry.Kind != TamperKind.Control, grid.Z, grid.Strength, CellLabels(mask, grid.Width, grid.Height, grid.Cell));
                progress?.Report(entry.File);
            }).ConfigureAwait(false);
        var found = samples.Where(s => s is not null).Select(s => s!).ToList();
        return (found, entries.Count - found.Count);
    }

    /// <summary>A cell counts as edited when at least half of its pixels are in the mask.</summary>
    public static bool[] CellLabels(TamperMask mask, int gw, int gh, int cell)
    {
        ArgumentNullException.ThrowIfNull(mask);
        var labels = new bool[gw * gh];
        for (var gy = 0; gy < gh; gy++)
        {
            for (var gx = 0; gx < gw; gx++)
            {
                int edited = 0, total = 0;
                for (var y = gy * cell; y < Math.Min(mask.Height, (gy + 1) * cell); y++)
                {
                    for (var x = gx * cell; x < Math.Min(mask.Width, (gx + 1) * cell); x++)
                    {
                        edited += mask.Bits[(y * mask.Width) + x];
                        total++;
                    }
                }

                labels[(gy * gw) + gx] = total > 0 && edited * 2 >= total;
            }
        }

        return labels;
    }

    /// <summary>
    /// Picks the z threshold (0.5 to 4 in steps of 0.1) with the best mean per-image cell F1 over the tampered files
    /// among those that flag an area (4 cells or more, as a reported region needs) on at most
    /// <paramref name="maxControlsFlagged"/> of the controls: a map that paints every untouched photo is no help.
    /// </summary>
    public static FusedMapCalibration Fit(IReadOnlyList<Sample> samples, string fittedOn, double maxControlsFlagged = 0.2)
    {
        ArgumentNullException.ThrowIfNull(samples);
        if (!samples.Any(s => s.Tampered && s.Edited.Any(e => e)))
        {
            throw new ArgumentException("no edited cell in the samples: fit on a tamper set with tampered files", nameof(samples));
        }

        FusedMapCalibration? best = null;
        var bestF1 = -1.0;
        for (var t = 0.5; t <= 4.001; t += 0.1)
        {
            var candidate = new FusedMapCalibration(Math.Round(t, 1), fittedOn);
            var controls = ControlsFlagged(samples, candidate);
            var f1 = MeanF1(samples, candidate);
            if ((double.IsNaN(controls) || controls <= maxControlsFlagged) && f1 > bestF1)
            {
                (best, bestF1) = (candidate, f1);
            }
        }

        return best ?? new FusedMapCalibration(4.0, fittedOn);
    }

    /// <summary>Mean per-image cell F1 over the tampered samples at the calibration's threshold.</summary>
    public static double MeanF1(IReadOnlyList<Sample> samples, FusedMapCalibration calibration)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(calibration);
        var scores = new List<double>();
        foreach (var s in samples.Where(s => s.Tampered))
        {
            long tp = 0, fp = 0, fn = 0;
            for (var i = 0; i < s.Z.Length; i++)
            {
                var hit = s.Z[i] >= calibration.ThresholdZ;
                tp += hit && s.Edited[i] ? 1 : 0;
                fp += hit && !s.Edited[i] ? 1 : 0;
                fn += !hit && s.Edited[i] ? 1 : 0;
            }

            scores.Add(PixelMetrics.F1(tp, fp, fn));
        }

        return scores.Count == 0 ? double.NaN : scores.Average();
    }

    /// <summary>Share of control samples where at least 4 cells (a reportable region) reach the threshold.</summary>
    public static double ControlsFlagged(IReadOnlyList<Sample> samples, FusedMapCalibration calibration)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(calibration);
        var controls = samples.Where(s => !s.Tampered).ToList();
        return controls.Count == 0 ? double.NaN : controls.Count(s => s.Z.Count(z => z >= calibration.ThresholdZ) >= 4) / (double)controls.Count;
    }

    /// <summary>A summary line for the command.</summary>
    public static string Describe(IReadOnlyList<Sample> samples, FusedMapCalibration calibration) => string.Create(
        CultureInfo.InvariantCulture,
        $"{samples.Count} files ({samples.Count(s => s.Tampered)} tampered): mean cell F1 {MeanF1(samples, calibration):0.000} at z {calibration.ThresholdZ:0.0}; controls with 4+ flagged cells {ControlsFlagged(samples, calibration):P0}");
}
