using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using FakeLens.Core.Detection;
using FakeLens.Core.Media;
using FakeLens.Faces.Compare;
using FakeLens.Imaging.Compare;

namespace FakeLens.Cli.Commands;

/// <summary>
/// <c>fakelens compare SUSPECT ORIGINAL</c>: what changed between a suspect and its original (docs/compare.md);
/// <c>fakelens compare SUSPECT --against FOLDER|index.json</c>: find the original first;
/// <c>fakelens compare index FOLDER -o index.json</c>: hash an archive once for fast searches;
/// <c>fakelens bench compare --from DIR</c>: recovery rates per operation and search speed.
/// </summary>
internal static class CompareCommand
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    internal static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var suspect = new Argument<string>("suspect") { Description = "The picture to examine." };
        var original = new Argument<string?>("original") { Description = "The earlier or original version to compare with (omit with --against).", Arity = ArgumentArity.ZeroOrOne };
        var against = new Option<string?>("--against") { Description = "Find the original first: a folder of pictures or an index made by 'fakelens compare index'.", HelpName = "folder|index.json" };
        var json = new Option<string?>("--json") { Description = "Write the comparison as JSON to this file ('-' for standard output).", HelpName = "file" };
        var html = new Option<string?>("--html") { Description = "Write a self-contained HTML page (side by side, before/after slider, change map).", HelpName = "file" };
        var jobs = new Option<int>("--jobs", "-j") { Description = "With --against: index entries scored in parallel (1-64).", DefaultValueFactory = _ => 1, HelpName = "n" };
        var verify = new Option<int>("--verify") { Description = "With --against: how many best-ranked candidates to check with keypoints.", DefaultValueFactory = _ => 8, HelpName = "n" };
        var command = new Command("compare", "Compare a suspect picture with its original: alignment, global operations, local edits, which came first.")
        {
            suspect, original, against, json, html, verify, jobs,
        };
        command.Subcommands.Add(CreateIndex(stdout, stderr));
        command.SetAction(async (parse, ct) =>
        {
            var s = parse.GetValue(suspect)!;
            var o = parse.GetValue(original);
            var a = parse.GetValue(against);
            if ((o is null) == (a is null))
            {
                await stderr.WriteLineAsync("fakelens compare: give either an ORIGINAL or --against FOLDER|INDEX (one of the two).").ConfigureAwait(false);
                return CliApp.UsageError;
            }

            if (o is not null && IsVideo(s) && IsVideo(o))
            {
                return await CompareVideos(s, o, parse.GetValue(json), parse.GetValue(html), stdout, stderr, ct).ConfigureAwait(false);
            }

            var comparer = new ImageComparer(faces: new BlazeFaceLocator());
            try
            {
                var sInput = Load(s);
                ComparisonResult? result;
                if (o is not null)
                {
                    result = comparer.Compare(sInput, Load(o), ct);
                }
                else
                {
                    var index = OpenIndex(a!, stderr, ct);
                    var search = new SourceSearch(comparer, parse.GetValue(verify), Math.Clamp(parse.GetValue(jobs), 1, 64)).Find(sInput, index, (f, why) => stderr.WriteLine($"fakelens: skipped {f}: {why}"), ct);
                    await stdout.WriteLineAsync(string.Create(Inv, $"Ranked {search.Ranked} candidates by local-descriptor votes and perceptual hash ({search.RankPerSecond:0} per second), verified the best {search.VerifiedCount} with keypoints:")).ConfigureAwait(false);
                    foreach (var c in search.Candidates.Take(10))
                    {
                        var state = !c.Verified ? "not verified" : c.SamePicture ? $"SAME PICTURE ({c.Inliers} inliers)" : $"different ({c.Inliers} inliers)";
                        await stdout.WriteLineAsync(string.Create(Inv, $"  {c.KeypointVotes,4} votes {c.HashDistance,4} bits  {state,-28} {c.Path}")).ConfigureAwait(false);
                    }

                    result = search.Best;
                    if (result is null)
                    {
                        await stdout.WriteLineAsync("No candidate is the same picture as the suspect.").ConfigureAwait(false);
                        if (parse.GetValue(json) == "-")
                        {
                            await stdout.WriteLineAsync(JsonSerializer.Serialize(search, Json)).ConfigureAwait(false);
                        }

                        return CliApp.Ok;
                    }

                    await stdout.WriteLineAsync().ConfigureAwait(false);
                }

                await Write(result, parse.GetValue(json), parse.GetValue(html), stdout).ConfigureAwait(false);
                return CliApp.Ok;
            }
            catch (Exception e) when (e is MediaException or IOException or UnauthorizedAccessException or InvalidDataException)
            {
                await stderr.WriteLineAsync($"fakelens compare: {e.Message}").ConfigureAwait(false);
                return CliApp.UsageError;
            }
        });
        return command;
    }

    private static Command CreateIndex(TextWriter stdout, TextWriter stderr)
    {
        var folder = new Argument<string>("folder") { Description = "Folder of pictures (searched recursively)." };
        var output = new Option<string>("--output", "-o") { Description = "Index file to write.", Required = true, HelpName = "index.json" };
        var command = new Command("index", "Hash every picture under a folder once, so 'compare --against index.json' is fast.") { folder, output };
        command.SetAction(async (parse, ct) =>
        {
            var dir = parse.GetValue(folder)!;
            if (!Directory.Exists(dir))
            {
                await stderr.WriteLineAsync($"fakelens compare index: {dir} is not a folder.").ConfigureAwait(false);
                return CliApp.UsageError;
            }

            var sw = System.Diagnostics.Stopwatch.StartNew();
            var index = CompareIndex.Build(dir, Images(dir, ct), (f, why) => stderr.WriteLine($"fakelens: skipped {f}: {why}"), ct);
            var path = parse.GetValue(output)!;
            index.Save(path);
            await stdout.WriteLineAsync(string.Create(Inv, $"Indexed {index.Entries.Count} pictures in {sw.Elapsed.TotalSeconds:0.0} s to {path}.")).ConfigureAwait(false);
            return CliApp.Ok;
        });
        return command;
    }

    internal static IEnumerable<string> Images(string dir, CancellationToken ct) =>
        Core.Scanning.InputExpander.Expand([dir], ct).Where(f => MediaSniffer.KindOf(MediaSniffer.FromExtension(f) ?? MediaFormat.Unknown) == MediaKind.Image);

    private static CompareIndex OpenIndex(string path, TextWriter stderr, CancellationToken ct)
    {
        if (Directory.Exists(path))
        {
            return CompareIndex.Build(path, Images(path, ct), (f, why) => stderr.WriteLine($"fakelens: skipped {f}: {why}"), ct);
        }

        return File.Exists(path) ? CompareIndex.Load(path) : throw new IOException($"--against: {path} is neither a folder nor an index file.");
    }

    private static bool IsVideo(string path)
    {
        if (!File.Exists(path))
        {
            return false;
        }

        var head = new byte[64];
        using (var f = File.OpenRead(path))
        {
            head = head[..f.ReadAtLeast(head, head.Length, throwOnEndOfStream: false)];
        }

        return MediaSniffer.Sniff(head, path).Kind == MediaKind.Video;
    }

    private static async Task<int> CompareVideos(string suspect, string original, string? json, string? html, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        FakeLens.Compare.VideoComparison r;
        try
        {
            r = new FakeLens.Compare.VideoComparer().Compare(suspect, original, ct);
        }
        catch (Exception e) when (e is MediaException or IOException or InvalidOperationException)
        {
            await stderr.WriteLineAsync($"fakelens compare: {e.Message}").ConfigureAwait(false);
            return CliApp.UsageError;
        }

        if (html is not null)
        {
            await File.WriteAllTextAsync(html, FakeLens.Compare.VideoCompareHtmlWriter.Write(r), ct).ConfigureAwait(false);
        }

        if (json == "-")
        {
            await stdout.WriteLineAsync(JsonSerializer.Serialize(r, Json)).ConfigureAwait(false);
            return CliApp.Ok;
        }

        if (json is not null)
        {
            await File.WriteAllTextAsync(json, JsonSerializer.Serialize(r, Json), ct).ConfigureAwait(false);
        }

        if (html is not null)
        {
            await stdout.WriteLineAsync($"HTML written to {html}.").ConfigureAwait(false);
        }

        await stdout.WriteLineAsync(r.Summary).ConfigureAwait(false);
        foreach (var seg in r.Segments)
        {
            await stdout.WriteLineAsync(string.Create(Inv, $"  {seg.StartSeconds,6:0.0}-{seg.EndSeconds,-6:0.0} s  {seg.Sentence}")).ConfigureAwait(false);
        }

        return CliApp.Ok;
    }

    private static CompareInput Load(string path) =>
        File.Exists(path) ? CompareInput.FromBytes(File.ReadAllBytes(path), path) : throw new IOException($"{path}: no such file.");

    private static async Task Write(ComparisonResult r, string? json, string? html, TextWriter stdout)
    {
        if (json == "-")
        {
            await stdout.WriteLineAsync(JsonSerializer.Serialize(r, Json)).ConfigureAwait(false);
        }
        else
        {
            await stdout.WriteLineAsync(r.Summary).ConfigureAwait(false);
            if (r.Related)
            {
                await stdout.WriteLineAsync(string.Create(Inv, $"  alignment: {r.Inliers} of {r.Matches} keypoint matches agree; correlation {r.Correlation:0.000}; noise after alignment {r.NoiseLevel:0.0} levels")).ConfigureAwait(false);
                foreach (var op in r.Operations)
                {
                    await stdout.WriteLineAsync($"  {op.Kind,-13} {op.Description}").ConfigureAwait(false);
                }

                foreach (var region in r.Regions)
                {
                    await stdout.WriteLineAsync($"  {region.Kind,-13} {region.Sentence}").ConfigureAwait(false);
                }

                foreach (var c in r.Content)
                {
                    await stdout.WriteLineAsync($"  {c.Subject + " " + c.Change,-13} {c.Sentence}").ConfigureAwait(false);
                }

                if (r.Earlier is { Reasons.Count: > 0 } e)
                {
                    await stdout.WriteLineAsync(string.Create(Inv, $"  earlier       {e.Earlier} (P original first {e.ProbabilityOriginalFirst:0.00}): {string.Join("; ", e.Reasons)}")).ConfigureAwait(false);
                }
            }

            if (json is not null)
            {
                await File.WriteAllTextAsync(json, JsonSerializer.Serialize(r, Json)).ConfigureAwait(false);
            }
        }

        if (html is not null)
        {
            await File.WriteAllTextAsync(html, CompareHtmlWriter.Write(r)).ConfigureAwait(false);
            if (json != "-")
            {
                await stdout.WriteLineAsync($"HTML written to {html}.").ConfigureAwait(false);
            }
        }
    }

    /// <summary><c>fakelens bench compare --from DIR</c>: recovery rates per operation, change-map F1 and search speed.</summary>
    public static Command CreateBench(TextWriter stdout, TextWriter stderr)
    {
        var from = new Option<string>("--from") { Description = "Folder of real photos (searched recursively), e.g. ../shared/data/images/real/kodak24.", Required = true, HelpName = "dir" };
        var limit = new Option<int>("--limit") { Description = "Use at most this many photos.", DefaultValueFactory = _ => 24, HelpName = "n" };
        var seed = new Option<int>("--seed") { Description = "Seed of every generated operation.", DefaultValueFactory = _ => 1 };
        var maxSide = new Option<int>("--max-side") { Description = "Photos are shrunk to this longer side first (speed).", DefaultValueFactory = _ => 768, HelpName = "px" };
        var indexSize = new Option<int>("--index-size") { Description = "Entries in the index used to time hash ranking (photos plus random hashes).", DefaultValueFactory = _ => 100_000, HelpName = "n" };
        var ops = new Option<string>("--ops") { Description = "Comma-separated operations to run (default all): " + string.Join(",", ComparePairMaker.Operations) + ".", HelpName = "list" };
        var distractors = new Option<string?>("--distractors") { Description = "Folder of other photos added to the index of the crop-search test (e.g. ../shared/data/images/real/cbsd68).", HelpName = "dir" };
        var verbose = new Option<bool>("--per-pair") { Description = "Print one line per pair (operation, photo, recovered, pixel F1)." };
        var searchSize = new Option<int>("--search-index") { Description = "Crop search: pad the index to this many entries with copies of the distractors' entries (speed at a larger index).", DefaultValueFactory = _ => 1000, HelpName = "n" };
        var benchJobs = new Option<int>("--jobs", "-j") { Description = "Crop search: index entries scored in parallel.", DefaultValueFactory = _ => 1, HelpName = "n" };
        var bothOrders = new Option<bool>("--both-orders") { Description = "Also compare each splice and removal pair the other way round (the untouched file as the suspect)." };
        var dump = new Option<string?>("--dump") { Description = "Write one PNG per local-edit pair into this folder: aligned original, suspect, truth (green) and found change (red).", HelpName = "dir" };
        var command = new Command("compare", "Compare benchmark: generated pairs with known operations, recovery per operation, search speed.") { from, limit, seed, maxSide, indexSize, ops, verbose, distractors, dump, searchSize, benchJobs, bothOrders };
        command.SetAction(async (parse, ct) =>
        {
            var dir = parse.GetValue(from)!;
            if (!Directory.Exists(dir))
            {
                await stderr.WriteLineAsync($"fakelens bench compare: --from: {dir} is not a folder.").ConfigureAwait(false);
                return CliApp.UsageError;
            }

            var photos = await LoadPhotos(dir, parse.GetValue(limit), parse.GetValue(maxSide), stderr, ct).ConfigureAwait(false);
            var others = parse.GetValue(distractors) is { } dd ? await LoadPhotos(dd, int.MaxValue, parse.GetValue(maxSide), stderr, ct).ConfigureAwait(false) : [];

            if (photos.Count < 2)
            {
                await stderr.WriteLineAsync($"fakelens bench compare: need at least 2 photos in {dir}.").ConfigureAwait(false);
                return CliApp.UsageError;
            }

            await stdout.WriteLineAsync(string.Create(Inv, $"{photos.Count} photos from {dir}, longer side ≤ {parse.GetValue(maxSide)} px, suspects saved last as JPEG 75, seed {parse.GetValue(seed)}")).ConfigureAwait(false);
            var only = parse.GetValue(ops) is { Length: > 0 } list ? list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : [.. ComparePairMaker.Operations];
            var unknown = only.Where(o => o != "search" && !ComparePairMaker.Operations.Contains(o)).ToList();
            if (unknown.Count > 0)
            {
                await stderr.WriteLineAsync($"fakelens bench compare: --ops: unknown operation(s) {string.Join(", ", unknown)}.").ConfigureAwait(false);
                return CliApp.UsageError;
            }

            Action<string>? perPair = parse.GetValue(verbose) ? line => stdout.WriteLine(line) : null;
            // FAKELENS_COMPARE_ABLATION=one-sided,no-grow,no-content,no-trim switches the change-map refinements off (tuning and ablation only).
            var ablation = Environment.GetEnvironmentVariable("FAKELENS_COMPARE_ABLATION") ?? string.Empty;
            var options = new Imaging.Compare.CompareOptions
            {
                TwoSidedNoise = !ablation.Contains("one-sided", StringComparison.Ordinal),
                GrowFraction = ablation.Contains("no-grow", StringComparison.Ordinal) ? 1.0 : new Imaging.Compare.CompareOptions().GrowFraction,
                CheckContent = !ablation.Contains("no-content", StringComparison.Ordinal),
                TrimEdges = !ablation.Contains("no-trim", StringComparison.Ordinal),
            };
            if (Environment.GetEnvironmentVariable("FAKELENS_COMPARE_GROW") is { } grow && grow.Split(',') is [var f, var d])
            {
                options = options with { GrowFraction = double.Parse(f, Inv), GrowReachDivisor = double.Parse(d, Inv) };
            }

            Action<Imaging.Compare.ComparePair, Imaging.Compare.ComparisonResult>? inspect = null;
            if (parse.GetValue(dump) is { } dumpDir)
            {
                Directory.CreateDirectory(dumpDir);
                var counter = new Dictionary<string, int>();
                inspect = (pair, result) =>
                {
                    var k = counter.GetValueOrDefault(pair.Operation);
                    counter[pair.Operation] = k + 1;
                    if (CompareBenchmark.Inspection(pair, result) is { } picture)
                    {
                        File.WriteAllBytes(Path.Combine(dumpDir, string.Create(Inv, $"{pair.Operation}-photo{k}.png")), Imaging.Decoding.ImageEncoder.Png(picture));
                    }
                };
            }

            if (Environment.GetEnvironmentVariable("FAKELENS_COMPARE_HULL") is { } hull)
            {
                options = options with { HullSolidity = double.Parse(hull, Inv) };
            }

            var rows = CompareBenchmark.Run(photos, parse.GetValue(seed), only, perPair, ct, options, new BlazeFaceLocator(), inspect, parse.GetValue(bothOrders));
            await stdout.WriteLineAsync("operation      pairs  recovered   rate   pixel F1   s/pair").ConfigureAwait(false);
            foreach (var r in rows)
            {
                var f1 = double.IsNaN(r.MeanF1) ? "" : r.MeanF1.ToString("0.000", Inv);
                var sec = double.IsNaN(r.SecondsPerPair) ? "" : r.SecondsPerPair.ToString("0.00", Inv);
                await stdout.WriteLineAsync(string.Create(Inv, $"{r.Operation,-14} {r.Pairs,5} {r.Recovered,10} {r.Rate,6:0.00} {f1,10} {sec,8}")).ConfigureAwait(false);
            }

            var rate = CompareBenchmark.RankingRate(photos, parse.GetValue(indexSize), parse.GetValue(seed));
            var (hits, total) = CompareBenchmark.Retrieval(photos);
            await stdout.WriteLineAsync(string.Create(Inv, $"search: hash ranking {rate:0} candidates/s over an index of {parse.GetValue(indexSize)}; top-1 hash retrieval of scaled 0.6 + JPEG 75 (+ mirrored every other) suspects {hits}/{total}")).ConfigureAwait(false);
            foreach (var (lo, hi) in new[] { (0.3, 0.5), (0.5, 0.8) })
            {
                var c = CompareBenchmark.CropSearch(photos, others, parse.GetValue(seed), lo, hi, padTo: parse.GetValue(searchSize), parallelism: Math.Max(1, parse.GetValue(benchJobs)));
                await stdout.WriteLineAsync(string.Create(Inv, $"crop search ({lo * 100:0}-{hi * 100:0} % of the area kept, scaled 0.7-1, JPEG 75, mirrored every other; index of {c.IndexSize}, {c.RealEntries} of them real pictures): hashes top-1 {c.HashTop1}/{c.Suspects}, top-{c.K} {c.HashTopK}/{c.Suspects}; keypoints top-1 {c.KeysTop1}/{c.Suspects}, top-{c.K} {c.KeysTopK}/{c.Suspects}; keypoint ranking {c.KeysPerSecond:0} candidates/s wall, {c.KeysPerCpuSecond:0} per CPU second (-j {Math.Max(1, parse.GetValue(benchJobs))}), after {c.SuspectSignatureSeconds:0.000} s for the suspect's signatures; in one pass (as before): top-1 {c.OnePassTop1}/{c.Suspects}, {c.OnePassPerSecond:0} candidates/s wall, {c.OnePassPerCpuSecond:0} per CPU second")).ConfigureAwait(false);
            }

            return CliApp.Ok;
        });
        return command;
    }

    private static async Task<List<Imaging.Decoding.RgbImage>> LoadPhotos(string dir, int limit, int maxSide, TextWriter stderr, CancellationToken ct)
    {
        var photos = new List<Imaging.Decoding.RgbImage>();
        foreach (var f in Images(dir, ct).OrderBy(f => f, StringComparer.Ordinal).Take(limit))
        {
            try
            {
                photos.Add(Imaging.Decoding.ImageResizer.Fit(Imaging.Decoding.ImageDecoder.Decode(File.ReadAllBytes(f), 100_000_000).Image, maxSide));
            }
            catch (MediaException e)
            {
                await stderr.WriteLineAsync($"fakelens: skipped {f}: {e.Message}").ConfigureAwait(false);
            }
        }

        return photos;
    }
}
