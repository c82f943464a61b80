using System.CommandLine;
using FakeLens.Core.Detection;
using FakeLens.Core.Media;
using FakeLens.Imaging.Tampering;

namespace FakeLens.Cli.Commands;

/// <summary>
/// <c>fakelens bench tamper make --from DIR --out DIR</c>: builds a labelled tamper set (splices, copy-move,
/// region-wise double JPEG, inpainting, AI-filled areas with --ai-from, controls) with ground-truth masks and manifest.csv (docs/tamper.md).
/// </summary>
internal static class BenchTamperCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var from = new Option<string>("--from") { Description = "Folder of real photos (searched recursively), e.g. ../shared/data/images/real.", Required = true, HelpName = "dir" };
        var output = new Option<string>("--out") { Description = "Folder to write the set to (images, masks/, manifest.csv).", Required = true, HelpName = "dir" };
        var seed = new Option<int>("--seed") { Description = "Seed of every random choice (same seed, same set).", DefaultValueFactory = _ => 1 };
        var count = new Option<int>("--count") { Description = "Files to make, controls included.", DefaultValueFactory = _ => 200 };
        var quality = new Option<int>("--final-quality") { Description = "JPEG quality of the last save, the same for every file.", DefaultValueFactory = _ => 90 };
        var aiFrom = new Option<string?>("--ai-from") { Description = "Folder of AI-generated images (searched recursively) for AI-filled composites, e.g. ../shared/data/images/ai; without --kinds the set is then half controls, half AI fills.", HelpName = "dir" };
        var kinds = new Option<string?>("--kinds") { Description = "Kinds dealt to files in turn, comma-separated (control, splice, copy-move, double-jpeg, inpaint, ai-fill); default: the mix of docs/tamper.md.", HelpName = "list" };
        count.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 1 or > 100_000)
            {
                r.AddError("--count must be between 1 and 100000.");
            }
        });
        quality.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 30 or > 100)
            {
                r.AddError("--final-quality must be between 30 and 100.");
            }
        });
        var make = new Command("make", "Make a tamper set with ground-truth masks from real photos.") { from, output, seed, count, quality, aiFrom, kinds };
        make.SetAction(async (parse, ct) =>
        {
            var dir = parse.GetValue(from)!;
            if (!Directory.Exists(dir))
            {
                await stderr.WriteLineAsync($"fakelens: --from: {dir} is not a folder.").ConfigureAwait(false);
                return CliApp.UsageError;
            }

            var sources = Core.Scanning.InputExpander.Expand([dir], ct)
                .Where(f => MediaSniffer.KindOf(MediaSniffer.FromExtension(f) ?? MediaFormat.Unknown) == MediaKind.Image)
                .ToList();
            if (sources.Count == 0)
            {
                await stderr.WriteLineAsync($"fakelens: --from: no images found in {dir}.").ConfigureAwait(false);
                return CliApp.UsageError;
            }

            var options = new TamperSetOptions { Seed = parse.GetValue(seed), Count = parse.GetValue(count), FinalQuality = parse.GetValue(quality) };
            if (parse.GetValue(aiFrom) is { } aiDir)
            {
                if (!Directory.Exists(aiDir))
                {
                    await stderr.WriteLineAsync($"fakelens: --ai-from: {aiDir} is not a folder.").ConfigureAwait(false);
                    return CliApp.UsageError;
                }

                var ai = Core.Scanning.InputExpander.Expand([aiDir], ct)
                    .Where(f => MediaSniffer.KindOf(MediaSniffer.FromExtension(f) ?? MediaFormat.Unknown) == MediaKind.Image)
                    .ToList();
                if (ai.Count == 0)
                {
                    await stderr.WriteLineAsync($"fakelens: --ai-from: no images found in {aiDir}.").ConfigureAwait(false);
                    return CliApp.UsageError;
                }

                options = options with { AiSources = ai, Cycle = TamperSetOptions.AiFillCycle };
            }

            if (parse.GetValue(kinds) is { } kindList)
            {
                var cycle = new List<TamperKind>();
                foreach (var name in kindList.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    if (TamperKinds.Parse(name) is not { } k)
                    {
                        await stderr.WriteLineAsync($"fakelens: --kinds: unknown kind '{name}'.").ConfigureAwait(false);
                        return CliApp.UsageError;
                    }

                    cycle.Add(k);
                }

                if (cycle.Count == 0 || (cycle.Contains(TamperKind.AiFill) && options.AiSources.Count == 0))
                {
                    await stderr.WriteLineAsync(cycle.Count == 0 ? "fakelens: --kinds: no kind given." : "fakelens: --kinds ai-fill needs --ai-from.").ConfigureAwait(false);
                    return CliApp.UsageError;
                }

                options = options with { Cycle = cycle };
            }

            var outDir = parse.GetValue(output)!;
            try
            {
                var entries = new TamperSetMaker(options).Make(sources, outDir, null, ct);
                await stdout.WriteLineAsync($"Wrote {entries.Count} files from {sources.Count} photos to {outDir} (manifest: {Path.Combine(outDir, TamperManifest.FileName)}).").ConfigureAwait(false);
                foreach (var g in entries.GroupBy(e => e.Kind).OrderBy(g => g.Key))
                {
                    await stdout.WriteLineAsync($"  {TamperKinds.Name(g.Key),-12} {g.Count(),5}").ConfigureAwait(false);
                }

                await stdout.WriteLineAsync($"Every file was saved last as {entries[0].FinalFormat}.").ConfigureAwait(false);
                return CliApp.Ok;
            }
            catch (Exception e) when (e is MediaException or IOException or UnauthorizedAccessException)
            {
                await stderr.WriteLineAsync($"fakelens: {e.Message}").ConfigureAwait(false);
                return CliApp.UsageError;
            }
        });
        return new Command("tamper", "Tampering benchmark: make a labelled set with ground-truth masks.") { make };
    }
}
