using System.CommandLine;
using System.Globalization;
using System.Text;
using FakeLens.Core.Detection;
using FakeLens.Core.Media;
using FakeLens.Imaging.Decoding;
using FakeLens.Learning.Image;
using FakeLens.Learning.Models;

namespace FakeLens.Cli.Commands;

/// <summary>
/// <c>fakelens train image-map</c>: sets an image model's map contrast (<see cref="LearnedImageModel.MapContrastMetric"/>)
/// from real photos it never trained on — the quantile (0.99) of their strongest map cell's log-odds above their median
/// window — and writes a copy of the model file with it; reports how many photos of each folder show an area at the
/// model's current rule and at the new one, for the photos that set it and for check folders that did not.
/// </summary>
internal static class TrainImageMapCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var modelPath = new Option<string>("--model") { Description = "Image model file (.zip) to measure.", Required = true, HelpName = "model.zip" };
        var real = new Option<string[]>("--real") { Description = "Folders (or files) of real photos the model never trained on: they set the contrast.", AllowMultipleArgumentsPerToken = true, Required = true, HelpName = "dir" };
        var check = new Option<string[]>("--check") { Description = "Folders (or files) of further real photos, only counted (areas at the old and new contrast), not used to set it.", AllowMultipleArgumentsPerToken = true, HelpName = "dir" };
        var quantile = new Option<double>("--quantile") { Description = "Share of the --real photos whose strongest cell stays below the contrast.", DefaultValueFactory = _ => 0.99 };
        var output = new Option<string?>("--output", "-o") { Description = "Write a copy of the model with the contrast stored (without it: report only).", HelpName = "model.zip" };
        var csv = new Option<string?>("--csv") { Description = "Per-photo measurements (CSV).", HelpName = "photos.csv" };
        var baselineQuantile = new Option<double?>("--baseline-quantile") { Description = "Measure (and store) the contrast from this quantile of a picture's window scores instead of the model's (0.5, the median window, when the file stores none)." };
        var cellRule = new Option<string?>("--cell") { Description = "How a map cell takes its value (stored): mean = overlap-weighted mean of the windows covering it, best = the window covering most of it.", HelpName = "mean|best" };
        cellRule.AcceptOnlyFromAmong("mean", "best");
        var by = new Option<string>("--by") { Description = "top: the quantile of each photo's strongest-cell contrast; area: of the contrast at which each photo would still show an area (a cell that also reaches the model's threshold).", DefaultValueFactory = _ => "top", HelpName = "top|area" };
        by.AcceptOnlyFromAmong("top", "area");
        var threads = new Option<int>("--threads", "-j") { Description = "Photos measured at once.", DefaultValueFactory = _ => 1 };
        var windowsCsv = new Option<string?>("--windows-csv") { Description = "Also write the raw score of every window (CSV), to compare map rules offline.", HelpName = "windows.csv" };
        var windowDensity = new Option<int>("--window-density") { Description = "For --windows-csv: 1 = the map's windows, 2 = also the midpoints between them (twice as dense per axis).", DefaultValueFactory = _ => 1 };
        var mapModel = new Option<string?>("--map-model") { Description = "A second image model (a shipped model's file name or a path) that draws the map where this model has a candidate window (a cell at its threshold while its median window is below it); stored by file name in the written model, which finds it beside itself or among the shipped models. Areas under that rule are counted per folder.", HelpName = "model.zip" };
        var command = new Command("image-map", "Set an image model's map contrast (how far above the rest of a picture an area must score to be reported) from real photos it never trained on.")
        {
            modelPath, real, check, quantile, baselineQuantile, cellRule, by, mapModel, output, csv, windowsCsv, windowDensity, threads,
        };
        command.SetAction(async (parse, ct) =>
        {
            var inv = CultureInfo.InvariantCulture;
            try
            {
                var source = parse.GetValue(modelPath)!;
                var loaded = LearnedImageModel.Load(source);
                var ruleMetrics = new Dictionary<string, double>();
                if (parse.GetValue(baselineQuantile) is { } bq)
                {
                    if (bq is < 0 or >= 1 || double.IsNaN(bq))
                    {
                        throw new ArgumentException($"--baseline-quantile must lie in [0, 1), not {bq.ToString(inv)}.");
                    }

                    ruleMetrics[LearnedImageModel.MapBaselineQuantileMetric] = bq;
                }

                if (parse.GetValue(cellRule) is { } cellName)
                {
                    ruleMetrics[LearnedImageModel.MapCellMetric] = cellName == "best" ? 1 : 0;
                }

                // The map model: given here (a path, or a shipped model's name), else the one the file already names.
                var mapSource = LearnedImageModel.MapSourceBeside(source);
                var mapName = loaded.Bundle.Manifest.MapModel;
                if (parse.GetValue(mapModel) is { } mapArg)
                {
                    mapName = Path.GetFileName(mapArg);
                    var mapPath = File.Exists(mapArg) ? Path.GetFullPath(mapArg) : null;
                    mapSource = name => mapPath is not null ? ModelBundle.Load(mapPath) : ModelBundle.LoadEmbedded(name);
                }

                // The rule being measured applies to every map built below; the stored contrast is the old one until chosen.
                var model = ruleMetrics.Count == 0 && mapName == loaded.Bundle.Manifest.MapModel ? loaded : LearnedImageModel.FromBundle(
                    new ModelBundle(
                        loaded.Bundle.Manifest with { Metrics = new Dictionary<string, double>(loaded.Bundle.Manifest.Metrics).Concat(ruleMetrics).GroupBy(kv => kv.Key).ToDictionary(g => g.Key, g => g.Last().Value), MapModel = mapName },
                        loaded.Model,
                        loaded.Bundle.Attachments),
                    mapSource);
                var mapDisplay = model.MapModelName is null ? null : model.MapModel!.Bundle.Manifest.DisplayName;
                var byArea = parse.GetValue(by) == "area";
                var setters = parse.GetValue(real) ?? [];
                var checks = parse.GetValue(check) ?? [];
                var rows = new List<(string Group, string Path, bool Sets, AiPatchMapContrast.Measurement M)>();
                var windowsPath = parse.GetValue(windowsCsv);
                var windowRows = new StringBuilder("path,sets_contrast,width,height,side,coarse,x,y,raw_score,probability\n");
                var samples = new[] { (setters, true), (checks, false) }
                    .SelectMany(g => g.Item1.SelectMany(dir => ImageDataset.FromFolder(dir, isFake: false).Select(s => (Group: dir, s.Path, Sets: g.Item2))))
                    .ToList();
                var measured = new AiPatchMapContrast.Measurement?[samples.Count];
                var windowText = new string?[samples.Count];
                var errors = new string?[samples.Count];
                await Parallel.ForAsync(0, samples.Count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, parse.GetValue(threads)), CancellationToken = ct }, async (i, token) =>
                {
                    var sample = samples[i];
                    try
                    {
                        var bytes = await File.ReadAllBytesAsync(sample.Path, token).ConfigureAwait(false);
                        var image = ImageDecoder.Decode(bytes, ScanLimits.Default.MaxPixels, MediaSniffer.FromBytes(bytes)).Image;
                        if (windowsPath is null)
                        {
                            measured[i] = AiPatchMapContrast.Measure(model, image, token);
                        }
                        else
                        {
                            var (m, wins) = AiPatchMapContrast.MeasureWithWindows(model, image, parse.GetValue(windowDensity), token);
                            measured[i] = m;
                            var sb = new StringBuilder();
                            foreach (var win in wins)
                            {
                                sb.AppendLine(string.Create(inv, $"\"{sample.Path.Replace("\"", "\"\"", StringComparison.Ordinal)}\",{(sample.Sets ? 1 : 0)},{image.Width},{image.Height},{win.Side},{(win.Coarse ? 1 : 0)},{win.X},{win.Y},{win.Logit:R},{model.Model.Calibrator.Calibrate(win.Logit):R}"));
                            }

                            windowText[i] = sb.ToString();
                        }
                    }
                    catch (Exception e) when (e is MediaException or IOException or ArgumentException or InvalidOperationException)
                    {
                        errors[i] = $"skipped {sample.Path}: {e.Message}";
                    }
                }).ConfigureAwait(false);
                for (var i = 0; i < samples.Count; i++)
                {
                    if (errors[i] is { } error)
                    {
                        await stderr.WriteLineAsync(error).ConfigureAwait(false);
                    }
                    else if (measured[i] is { } m)
                    {
                        rows.Add((samples[i].Group, samples[i].Path, samples[i].Sets, m));
                        windowRows.Append(windowText[i]);
                    }
                }

                var setting = rows.Where(r => r.Sets).Select(r => byArea ? r.M.AreaContrast : r.M.TopContrast).ToList();
                var q = parse.GetValue(quantile);
                var chosen = AiPatchMapContrast.Choose(setting, q);
                var current = model.MapMinContrast;
                var stored = model.Bundle.Manifest.Metrics.ContainsKey(LearnedImageModel.MapContrastMetric) ? "stored" : "default";
                await stdout.WriteLineAsync(string.Format(inv, "{0}: threshold {1:0.000}; current map contrast {2:0.00} ({3}); {4:0.##} quantile of the {7} contrast over {5} real photos: {6:0.00} (baseline: the {8:0.##} quantile of the windows; cells: {9})",
                    model.Bundle.Manifest.DisplayName, model.Model.Threshold, current, stored, q, setting.Count, chosen, byArea ? "area" : "top-cell",
                    model.MapBaselineQuantile, model.MapCellFromBestWindow ? "best-covering window" : "overlap-weighted mean")).ConfigureAwait(false);
                if (mapDisplay is not null)
                {
                    await stdout.WriteLineAsync(string.Format(inv, "map model: {0} draws the map where {1} has a candidate window; its areas (its own contrast {2:0.00} and threshold {3:0.000}) are the map's then",
                        mapDisplay, model.Bundle.Manifest.DisplayName, model.MapModel!.MapMinContrast, model.MapModel.Model.Threshold)).ConfigureAwait(false);
                }

                // With a map model, two more columns: pictures with a candidate (where it runs) and pictures whose shown map has an area.
                var triggerHeader = mapDisplay is null ? string.Empty : string.Format(inv, " with a candidate ({0} runs) | with an area on the shown map |", mapDisplay);
                string Trigger(IEnumerable<AiPatchMapContrast.Measurement> ms) => mapDisplay is null ? string.Empty : string.Format(inv, " {0} | {1} |", ms.Count(m => m.Candidate), ms.Count(m => m.ShownRegions > 0));
                await stdout.WriteLineAsync().ConfigureAwait(false);
                await stdout.WriteLineAsync(string.Format(inv, "| folder | sets the contrast | photos | top-cell contrast median / max | photos with an area at {0:0.00} (current) | at {1:0.00} (new) |{2}", current, chosen, triggerHeader)).ConfigureAwait(false);
                await stdout.WriteLineAsync("|---|---|---|---|---|---|" + (mapDisplay is null ? string.Empty : "---|---|")).ConfigureAwait(false);
                foreach (var g in rows.GroupBy(r => (r.Group, r.Sets)))
                {
                    var tops = g.Select(r => r.M.TopContrast).Order().ToList();
                    await stdout.WriteLineAsync(string.Format(inv, "| {0} | {1} | {2} | {3:0.00} / {4:0.00} | {5} | {6} |{7}",
                        g.Key.Group, g.Key.Sets ? "yes" : "no (check)", tops.Count, tops[tops.Count / 2], tops[^1],
                        AiPatchMapContrast.AreasAt(g.Select(r => r.M), current), AiPatchMapContrast.AreasAt(g.Select(r => r.M), chosen), Trigger(g.Select(r => r.M)))).ConfigureAwait(false);
                }

                foreach (var sets in new[] { true, false })
                {
                    var part = rows.Where(r => r.Sets == sets).Select(r => r.M).ToList();
                    if (part.Count > 0)
                    {
                        await stdout.WriteLineAsync(string.Format(inv, "| **all {0}** | | {1} | | {2} | {3} |{4}", sets ? "setting photos" : "check photos", part.Count,
                            AiPatchMapContrast.AreasAt(part, current), AiPatchMapContrast.AreasAt(part, chosen), Trigger(part))).ConfigureAwait(false);
                    }
                }

                if (parse.GetValue(csv) is { } csvPath)
                {
                    var sb = new StringBuilder("path,sets_contrast,top_contrast,area_contrast,max_cell_probability,median_window_probability,windows,regions_now,candidate,map_drawn_by,shown_regions,shown_cells\n");
                    foreach (var r in rows)
                    {
                        var cells = string.Join(';', r.M.ShownCells.Select(c => string.Create(inv, $"{c.X}:{c.Y}:{c.Width}:{c.Height}")));
                        sb.AppendLine(string.Create(inv, $"\"{r.Path.Replace("\"", "\"\"", StringComparison.Ordinal)}\",{(r.Sets ? 1 : 0)},{r.M.TopContrast:0.0000},{(double.IsNegativeInfinity(r.M.AreaContrast) ? string.Empty : r.M.AreaContrast.ToString("0.0000", inv))},{r.M.MaxCellProbability:0.0000},{r.M.MedianProbability:0.0000},{r.M.Windows},{r.M.Regions},{(r.M.Candidate ? 1 : 0)},{r.M.MapDrawnBy},{r.M.ShownRegions},{cells}"));
                    }

                    await File.WriteAllTextAsync(csvPath, sb.ToString(), ct).ConfigureAwait(false);
                }

                if (windowsPath is not null)
                {
                    await File.WriteAllTextAsync(windowsPath, windowRows.ToString(), ct).ConfigureAwait(false);
                }

                if (parse.GetValue(output) is { } outPath)
                {
                    var original = model.Bundle;
                    var metrics = new Dictionary<string, double>(original.Manifest.Metrics)
                    {
                        [LearnedImageModel.MapContrastMetric] = Math.Round(chosen, 3),
                        ["map_contrast_quantile"] = q,
                        ["map_contrast_photos"] = setting.Count,
                        ["map_contrast_by_area"] = byArea ? 1 : 0,
                    };
                    foreach (var (key, value) in ruleMetrics)
                    {
                        metrics[key] = value;
                    }

                    var note = " ; then: fakelens train image-map --model " + source + " --real " + string.Join(' ', setters) + string.Format(inv, " --quantile {0}", q)
                        + (ruleMetrics.TryGetValue(LearnedImageModel.MapBaselineQuantileMetric, out var bqs) ? string.Format(inv, " --baseline-quantile {0}", bqs) : string.Empty)
                        + (ruleMetrics.TryGetValue(LearnedImageModel.MapCellMetric, out var cm) ? (cm == 1 ? " --cell best" : " --cell mean") : string.Empty)
                        + (byArea ? " --by area" : string.Empty) + (model.MapModelName is { } mm ? " --map-model " + mm : string.Empty) + " -o " + outPath;
                    new ModelBundle(original.Manifest with { Metrics = metrics, Command = original.Manifest.Command + note }, original.Model, original.Attachments).Save(outPath);
                    await stdout.WriteLineAsync(string.Format(inv, "\nwrote {0}: {1} with map_min_contrast {2:0.000}{3}", outPath, original.Manifest.DisplayName, Math.Round(chosen, 3),
                        original.Manifest.MapModel is { } written ? $" and map model {written} (keep that file beside it, or ship it)" : string.Empty)).ConfigureAwait(false);
                }

                return CliApp.Ok;
            }
            catch (Exception e) when (e is ArgumentException or FormatException or DirectoryNotFoundException or IOException or ModelMismatchException)
            {
                await stderr.WriteLineAsync("fakelens: " + e.Message).ConfigureAwait(false);
                return CliApp.UsageError;
            }
        });
        return command;
    }
}
