using System.CommandLine;
using System.Globalization;
using FakeLens.Core.Detection;
using FakeLens.Core.Fusion;
using FakeLens.Core.Reporting;
using FakeLens.Core.Scanning;
using Spectre.Console;

namespace FakeLens.Cli.Commands;

/// <summary><c>fakelens scan</c>: analyse files and folders, print verdicts, write JSON/HTML reports.</summary>
internal static class ScanCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr, Func<DetectorOptions, IReadOnlyList<IDetector>> catalog)
    {
        var inputs = new Argument<string[]>("inputs")
        {
            Description = "Files, folders (searched recursively) or globs such as 'photos/**/*.jpg'.",
            Arity = ArgumentArity.OneOrMore,
        };
        var json = new Option<string?>("--json") { Description = "Write the JSON report to this file ('-' for standard output).", HelpName = "file" };
        var html = new Option<string?>("--html") { Description = "Write a self-contained HTML report to this file.", HelpName = "file" };
        var detectors = new Option<string[]>("--detectors") { Description = "Run only these detectors (ids or prefixes, comma-separated).", AllowMultipleArgumentsPerToken = true, HelpName = "ids" };
        var skip = new Option<string[]>("--skip") { Description = "Do not run these detectors (ids or prefixes, comma-separated).", AllowMultipleArgumentsPerToken = true, HelpName = "ids" };
        var maxPixels = new Option<string>("--max-pixels")
        {
            Description = "Refuse images larger than this many pixels (e.g. 100M, 2.5M or 40000000). Guards against decompression bombs.",
            DefaultValueFactory = _ => "100M",
            HelpName = "pixels",
        };
        var jobs = new Option<int>("--jobs", "-j") { Description = "Files analysed in parallel.", DefaultValueFactory = _ => 1, HelpName = "n" };
        var timeout = new Option<double>("--timeout") { Description = "Seconds allowed for one file before it is reported as timed out.", DefaultValueFactory = _ => 120, HelpName = "seconds" };
        var failOn = new Option<string[]>("--fail-on") { Description = "Exit with code 1 when any file's verdict is this band (for CI and scripts).", AllowMultipleArgumentsPerToken = true, HelpName = "ai|manipulated" };
        failOn.AcceptOnlyFromAmong("ai", "manipulated");
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Print nothing but errors (use with --json or --html)." };
        var watermarkKeys = new Option<string[]>("--watermark-key") { Description = "Also look for FakeLens watermarks made with this private key (passphrase; repeatable).", HelpName = "passphrase" };
        var trustAnchors = new Option<string?>("--trust-anchors") { Description = "PEM bundle of certificate authorities whose C2PA signatures you trust.", HelpName = "pem" };

        inputs.Validators.Add(r =>
        {
            foreach (var unknown in (r.GetValueOrDefault<string[]>() ?? []).Where(i => i.StartsWith('-') && i != "-" && !File.Exists(i)))
            {
                r.AddError($"Unknown option '{unknown}'.");
            }
        });
        jobs.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 1 or > 64)
            {
                r.AddError("--jobs must be between 1 and 64.");
            }
        });
        timeout.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<double>() is <= 0 or > 86400)
            {
                r.AddError("--timeout must be between 0 and 86400 seconds.");
            }
        });
        maxPixels.Validators.Add(r =>
        {
            if (ParsePixels(r.GetValueOrDefault<string>()) is null)
            {
                r.AddError("--max-pixels takes a positive number, optionally with M (megapixels), e.g. 100M.");
            }
        });

        var command = new Command("scan", "Analyse images and report whether they look AI-generated or manipulated, with the evidence.")
        {
            inputs, json, html, detectors, skip, maxPixels, jobs, timeout, failOn, quiet, watermarkKeys, trustAnchors,
        };
        command.SetAction(async (parse, ct) =>
        {
            Analyzer analyzer;
            try
            {
                analyzer = Analyzer.Create(
                    new AnalyzerOptions
                    {
                        Detectors = SplitList(parse.GetValue(detectors)),
                        Skip = SplitList(parse.GetValue(skip)),
                        WatermarkKeys = parse.GetValue(watermarkKeys) ?? [],
                        TrustAnchorsPath = parse.GetValue(trustAnchors),
                        Limits = ScanLimits.Default with
                        {
                            MaxPixels = ParsePixels(parse.GetValue(maxPixels))!.Value,
                            FileTimeout = TimeSpan.FromSeconds(parse.GetValue(timeout)),
                        },
                    },
                    catalog);
            }
            catch (AnalyzerConfigurationException e)
            {
                var setting = e.Setting is "trust-anchors" ? "--trust-anchors: " : string.Empty;
                await stderr.WriteLineAsync($"fakelens: {setting}{e.Message}").ConfigureAwait(false);
                return CliApp.UsageError;
            }

            var options = new ScanRun(
                parse.GetValue(inputs) ?? [], analyzer, parse.GetValue(jobs), parse.GetValue(json), parse.GetValue(html),
                SplitList(parse.GetValue(failOn)), parse.GetValue(quiet));
            return await RunAsync(options, stdout, stderr, ct).ConfigureAwait(false);
        });
        return command;
    }

    private sealed record ScanRun(
        IReadOnlyList<string> Inputs, Analyzer Analyzer, int Jobs,
        string? JsonPath, string? HtmlPath, IReadOnlyList<string> FailOn, bool Quiet);

    private static async Task<int> RunAsync(ScanRun run, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        var console = ConsoleFactory.Create(stdout);
        var files = InputExpander.Expand(run.Inputs, ct);
        if (files.Count == 0)
        {
            await stderr.WriteLineAsync("fakelens: no media files found in the given folders.").ConfigureAwait(false);
        }

        ScanReport report;
        var jsonToStdout = run.JsonPath == "-";
        if (!run.Quiet && !jsonToStdout && files.Count > 1 && console.Profile.Capabilities.Interactive)
        {
            report = await console.Progress().AutoClear(true).StartAsync(async p =>
            {
                var task = p.AddTask($"Scanning {files.Count} files", maxValue: files.Count);
                return await run.Analyzer.AnalyzeAsync(files, run.Jobs, new Progress<FileReport>(_ => task.Increment(1)), ct).ConfigureAwait(false);
            }).ConfigureAwait(false);
        }
        else
        {
            report = await run.Analyzer.AnalyzeAsync(files, run.Jobs, null, ct).ConfigureAwait(false);
        }

        if (!run.Quiet && !jsonToStdout)
        {
            ConsoleReport.Write(console, report);
        }

        if (run.JsonPath is not null)
        {
            if (jsonToStdout)
            {
                await stdout.WriteLineAsync(ReportJson.Serialize(report)).ConfigureAwait(false);
            }
            else
            {
                await using var f = File.Create(run.JsonPath);
                await ReportJson.WriteAsync(report, f, ct).ConfigureAwait(false);
                if (!run.Quiet)
                {
                    console.MarkupLine($"JSON report: [bold]{Markup.Escape(run.JsonPath)}[/]");
                }
            }
        }

        if (run.HtmlPath is not null)
        {
            var html = Analyzer.WriteHtml(report);
            await File.WriteAllTextAsync(run.HtmlPath, html, ct).ConfigureAwait(false);
            if (!run.Quiet && !jsonToStdout)
            {
                console.MarkupLine($"HTML report: [bold]{Markup.Escape(run.HtmlPath)}[/]");
            }
        }

        var failBands = run.FailOn.Select(f => f == "ai" ? VerdictBand.AiGenerated : VerdictBand.Manipulated).ToHashSet();
        return report.Files.Any(f => f.Verdict is { } v && failBands.Contains(v.Band)) ? CliApp.FailOnMatched : CliApp.Ok;
    }

    internal static long? ParsePixels(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var t = text.Trim().ToUpperInvariant();
        var scale = 1.0;
        if (t.EndsWith("MP", StringComparison.Ordinal) || t.EndsWith('M'))
        {
            scale = 1e6;
            t = t.TrimEnd('P').TrimEnd('M');
        }

        return double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v > 0 && v * scale < 1e12
            ? (long)(v * scale)
            : null;
    }

    private static List<string> SplitList(string[]? values) =>
        (values ?? []).SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
}
