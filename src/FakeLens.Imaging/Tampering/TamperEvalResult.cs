using System.Globalization;
using System.Text;

namespace FakeLens.Imaging.Tampering;

/// <summary>Everything <see cref="TamperEvaluator"/> measured: per-file rows, per-detector summaries and the files that failed.</summary>
public sealed record TamperEvalResult(IReadOnlyList<TamperEvalRow> Rows, IReadOnlyList<TamperEvalSummary> Summaries, IReadOnlyList<(string File, string Error)> Errors)
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>Markdown: the main table, then image AUC and best-threshold F1 per kind of edit.</summary>
    public string ToMarkdown()
    {
        var sb = new StringBuilder();
        var files = Rows.Select(r => r.File).Distinct().Count();
        var tampered = Rows.Where(r => r.Kind != TamperKind.Control).Select(r => r.File).Distinct().Count();
        sb.Append(Inv, $"{files} files evaluated ({tampered} tampered, {files - tampered} controls), {Errors.Count} failed.\n\n");
        if (Summaries.FirstOrDefault(s => s.Detector == FusedManipulationMap.EvidenceId) is { } fused)
        {
            // The headline is what a user sees: the map at its own threshold, not at a threshold chosen per image with the answer in hand.
            sb.Append(Inv, $"**Fused map: pixel F1 {F(fused.F1Default)} at its own threshold (0.5)**; {F(fused.F1Best)} at the best threshold per image; image AUC {F(fused.Auc)}.\n\n");
        }

        sb.Append("| detector | maps | image AUC | TPR @ 5 % FPR | pixel F1 (best) | MCC (best) | F1 @ 0.5 | MCC @ 0.5 | ms / MP |\n");
        sb.Append("|---|---|---|---|---|---|---|---|---|\n");
        foreach (var s in Summaries)
        {
            sb.Append(Inv, $"| {s.Detector} | {s.FilesWithMap}/{s.Files} | {F(s.Auc)} | {F(s.TprAt5PercentFpr)} | {F(s.F1Best)} | {F(s.MccBest)} | {F(s.F1Default)} | {F(s.MccDefault)} | {s.MsPerMegapixel:0} |\n");
        }

        var kinds = Rows.Where(r => r.Kind != TamperKind.Control).Select(r => r.Kind).Distinct().Order().ToList();
        if (kinds.Count > 0)
        {
            sb.Append("\nPer kind of edit: image AUC against the controls / mean best-threshold pixel F1.\n\n| detector | ");
            sb.AppendJoin(" | ", kinds.Select(TamperKinds.Name)).Append(" |\n|---|").Append(string.Concat(kinds.Select(_ => "---|"))).Append('\n');
            foreach (var s in Summaries)
            {
                var mine = Rows.Where(r => r.Detector == s.Detector).ToList();
                var controls = mine.Where(r => r.Kind == TamperKind.Control).ToList();
                sb.Append("| ").Append(s.Detector);
                foreach (var k in kinds)
                {
                    var these = mine.Where(r => r.Kind == k).ToList();
                    var both = these.Concat(controls).ToList();
                    var auc = PixelMetrics.Auc(both.Select(r => r.Score).ToList(), both.Select(r => r.Kind != TamperKind.Control).ToList());
                    var f1 = these.Count == 0 ? double.NaN : these.Average(r => r.Pixels?.F1Best ?? 0);
                    sb.Append(" | ").Append(F(auc)).Append(" / ").Append(F(f1));
                }

                sb.Append(" |\n");
            }
        }

        AppendBySize(sb);
        if (Errors.Count > 0)
        {
            sb.Append("\nFiles that could not be evaluated:\n\n");
            foreach (var (file, error) in Errors)
            {
                sb.Append("- ").Append(file).Append(": ").Append(error).Append('\n');
            }
        }

        return sb.ToString();
    }

    /// <summary>
    /// AI-filled files by the share of the picture their mask covers (under 15 %, 15–30 %, over 30 %): image AUC against
    /// all controls, and mean best-threshold and default-threshold pixel F1, per detector.
    /// </summary>
    private void AppendBySize(StringBuilder sb)
    {
        var fills = Rows.Where(r => r.Kind == TamperKind.AiFill && !double.IsNaN(r.TamperedFraction)).ToList();
        if (fills.Count == 0)
        {
            return;
        }

        (string Name, double Low, double High)[] bands = [("under 15 %", 0, 0.15), ("15–30 %", 0.15, 0.30), ("over 30 %", 0.30, 1.01)];
        sb.Append("\nAI-filled files by the share of the picture in the mask: image AUC against the controls / pixel F1 (best) / pixel F1 @ 0.5 (files).\n\n| detector | ");
        sb.AppendJoin(" | ", bands.Select(b => b.Name)).Append(" |\n|---|---|---|---|\n");
        foreach (var s in Summaries)
        {
            var mine = Rows.Where(r => r.Detector == s.Detector).ToList();
            var controls = mine.Where(r => r.Kind == TamperKind.Control).ToList();
            sb.Append("| ").Append(s.Detector);
            foreach (var (_, low, high) in bands)
            {
                var these = mine.Where(r => r.Kind == TamperKind.AiFill && r.TamperedFraction >= low && r.TamperedFraction < high).ToList();
                var both = these.Concat(controls).ToList();
                var auc = these.Count == 0 ? double.NaN : PixelMetrics.Auc(both.Select(r => r.Score).ToList(), both.Select(r => r.Kind != TamperKind.Control).ToList());
                var f1 = these.Count == 0 ? double.NaN : these.Average(r => r.Pixels?.F1Best ?? 0);
                var f1d = these.Count == 0 ? double.NaN : these.Average(r => r.Pixels?.F1Default ?? 0);
                sb.Append(Inv, $" | {F(auc)} / {F(f1)} / {F(f1d)} ({these.Count})");
            }

            sb.Append(" |\n");
        }
    }

    /// <summary>CSV of every row (one line per file and detector), with the failed files at the end.</summary>
    public string ToCsv()
    {
        var sb = new StringBuilder("file,kind,detector,score,has_map,f1_best,mcc_best,f1_default,mcc_default,ms,megapixels,error\n");
        foreach (var r in Rows)
        {
            var p = r.Pixels;
            sb.Append(Inv, $"{r.File},{TamperKinds.Name(r.Kind)},{r.Detector},{r.Score:0.#####},{(r.HasMap ? 1 : 0)},{Opt(p?.F1Best)},{Opt(p?.MccBest)},{Opt(p?.F1Default)},{Opt(p?.MccDefault)},{r.Milliseconds:0.##},{r.Megapixels:0.####},\n");
        }

        foreach (var (file, error) in Errors)
        {
            sb.Append(file).Append(",,,,,,,,,,,\"").Append(error.Replace("\"", "\"\"", StringComparison.Ordinal)).Append("\"\n");
        }

        return sb.ToString();
    }

    private static string Opt(double? v) => v is { } x ? x.ToString("0.####", Inv) : string.Empty;

    private static string F(double v) => double.IsNaN(v) ? "n/a" : v.ToString("0.000", Inv);
}
