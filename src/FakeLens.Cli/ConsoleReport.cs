using System.Globalization;
using FakeLens.Core.Evidence;
using FakeLens.Core.Fusion;
using FakeLens.Core.Reporting;
using Spectre.Console;

namespace FakeLens.Cli;

/// <summary>The terminal view of a scan: one row per file, and the evidence in detail for small scans.</summary>
internal static class ConsoleReport
{
    /// <summary>Scans of at most this many files also print each file's evidence.</summary>
    private const int DetailLimit = 3;

    public static void Write(IAnsiConsole console, ScanReport report)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn("File").AddColumn("Verdict").AddColumn(new TableColumn("Conf.").RightAligned()).AddColumn("Strongest evidence");
        foreach (var f in report.Files)
        {
            if (f.Status == FileStatus.Error)
            {
                table.AddRow(Markup.Escape(f.Path), "[red]error[/]", string.Empty, Markup.Escape($"{f.Error?.Code}: {f.Error?.Message}"));
                continue;
            }

            var v = f.Verdict!;
            var top = v.TopEvidence.Count > 0 ? v.TopEvidence[0].Title : "nothing notable";
            // A confidence only means something for bands that assert a hypothesis.
            var confidence = v.Band is VerdictBand.NoEvidenceFound or VerdictBand.Inconclusive ? "—" : v.Confidence.ToString("P0", CultureInfo.InvariantCulture);
            table.AddRow(Markup.Escape(f.Path), BandMarkup(v.Band), confidence, Markup.Escape(top));
        }

        console.Write(table);
        var s = report.Summary;
        console.MarkupLine(CultureInfo.InvariantCulture, "{0} file(s): {1} analysed, {2} error(s) in {3:0.0} s.", s.Files, s.Analysed, s.Errors, report.DurationMs / 1000);
        if (report.Files.Count <= DetailLimit)
        {
            foreach (var f in report.Files.Where(f => f.Status == FileStatus.Ok))
            {
                WriteDetail(console, f);
            }
        }
    }

    private static void WriteDetail(IAnsiConsole console, FileReport f)
    {
        var v = f.Verdict!;
        console.WriteLine();
        console.MarkupLine($"[bold]{Markup.Escape(f.Path)}[/]: {BandMarkup(v.Band)} — {Markup.Escape(v.Summary)}");
        foreach (var r in v.Reasons)
        {
            console.MarkupLine($"  [grey]{Markup.Escape(r)}[/]");
        }

        var p = v.Probabilities;
        console.MarkupLine(CultureInfo.InvariantCulture, "  [grey]Probabilities: AI-generated {0:P0}, manipulated {1:P0}, authentic {2:P0}.[/]", p.AiGenerated, p.Manipulated, p.Authentic);
        var table = new Table().Border(TableBorder.Simple).AddColumn("Severity").AddColumn("Evidence").AddColumn("Points to").AddColumn("What it means");
        foreach (var e in f.Evidence.OrderByDescending(e => e.Weight).ThenBy(e => e.Id, StringComparer.Ordinal))
        {
            table.AddRow(SeverityMarkup(e.Severity), Markup.Escape(e.Id), Direction(e.Direction), Markup.Escape(e.Title + ". " + e.Explanation));
        }

        foreach (var d in f.DetectorErrors)
        {
            table.AddRow("[grey]n/a[/]", Markup.Escape(d.Detector ?? "?"), "—", Markup.Escape($"Could not run: {d.Message}"));
        }

        if (table.Rows.Count > 0)
        {
            console.Write(table);
        }
    }

    public static string BandMarkup(VerdictBand band) => band switch
    {
        VerdictBand.AiGenerated => "[bold red]AI-generated[/]",
        VerdictBand.Manipulated => "[bold darkorange]Manipulated[/]",
        VerdictBand.AuthenticWithVerifiedProvenance => "[bold green]Authentic (verified provenance)[/]",
        VerdictBand.NoEvidenceFound => "[blue]No evidence found[/]",
        _ => "[yellow]Inconclusive[/]",
    };

    private static string SeverityMarkup(Severity s) => s switch
    {
        Severity.Critical => "[bold red]critical[/]",
        Severity.High => "[red]high[/]",
        Severity.Medium => "[darkorange]medium[/]",
        Severity.Low => "[yellow]low[/]",
        _ => "[grey]info[/]",
    };

    private static string Direction(EvidenceDirection d) => d switch
    {
        EvidenceDirection.AiGenerated => "AI",
        EvidenceDirection.Manipulated => "edit",
        EvidenceDirection.Authentic => "authentic",
        _ => "—",
    };
}
