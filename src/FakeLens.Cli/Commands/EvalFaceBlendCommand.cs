using System.CommandLine;
using System.Globalization;
using FakeLens.Core.Detection;
using FakeLens.Core.Evidence;
using FakeLens.Faces;
using FakeLens.Faces.Blend;
using FakeLens.Video.Reading;

namespace FakeLens.Cli.Commands;

/// <summary>
/// <c>fakelens eval face-blend --clips DIR</c>: runs the video face analysis (10 fps, ≤ 1280 px, the first
/// <c>--seconds</c>) on every video under DIR and prints each face track's faces.blend finding — the per-track score,
/// how many frames were measured and whether the track is flagged — with a count per first-level folder (source). For
/// checking how often REAL footage trips the video threshold, and how a given clip scores.
/// </summary>
internal static class EvalFaceBlendCommand
{
    private static readonly string[] VideoExtensions = [".mp4", ".mov", ".m4v", ".avi", ".mkv", ".webm", ".3gp", ".mts", ".gif", ".mpg", ".mpeg", ".flv", ".wmv"];

    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var clips = new Option<string>("--clips") { Description = "Folder of videos (searched recursively; the first sub-folder names the source).", HelpName = "dir", Required = true };
        var modelPath = new Option<string?>("--model") { Description = "Face-blend model (.json); default: the shipped video model.", HelpName = "model.json" };
        var seconds = new Option<double>("--seconds") { Description = "Seconds analysed from the start of each clip.", DefaultValueFactory = _ => 10 };
        var command = new Command("face-blend", "Run faces.blend on the face tracks of videos: per-track scores and how many tracks are flagged, per source folder.") { clips, modelPath, seconds };
        command.SetAction(async (parse, ct) =>
        {
            var inv = CultureInfo.InvariantCulture;
            var root = parse.GetValue(clips)!;
            if (!Directory.Exists(root))
            {
                await stderr.WriteLineAsync($"fakelens eval face-blend: no folder {root}").ConfigureAwait(false);
                return 2;
            }

            var model = parse.GetValue(modelPath) is { } mp ? LoadModel(mp) : FaceBlendModel.LoadVideoDefault();
            using var engine = FaceEngine.TryCreate(out var whyNot);
            if (engine is null)
            {
                await stderr.WriteLineAsync("fakelens eval face-blend: " + whyNot).ConfigureAwait(false);
                return 2;
            }

            var analyzer = new FaceVideoAnalyzer(engine, model);
            var files = Directory.GetFiles(root, "*", SearchOption.AllDirectories).Where(f => VideoExtensions.Contains(Path.GetExtension(f).ToLowerInvariant())).Order(StringComparer.Ordinal).ToList();
            var perSource = new SortedDictionary<string, (int Clips, int Tracks, int Flagged)>(StringComparer.Ordinal);
            await stdout.WriteLineAsync($"threshold {model.Threshold.ToString("0.000", inv)} ({(model.TrackAggregate.Length > 0 ? "per track: " + model.TrackAggregate : "per frame, ≥ 40 % of frames")})").ConfigureAwait(false);
            foreach (var file in files)
            {
                ct.ThrowIfCancellationRequested();
                var rel = Path.GetRelativePath(root, file);
                var source = rel.Contains(Path.DirectorySeparatorChar, StringComparison.Ordinal) ? rel[..rel.IndexOf(Path.DirectorySeparatorChar, StringComparison.Ordinal)] : ".";
                var (c, t, fl) = perSource.GetValueOrDefault(source);
                c++;
                try
                {
                    var probe = VideoProber.Probe(file, 100_000_000, ct);
                    var size = FrameReader.OutputSize(probe, 1280);
                    var frames = FrameReader.Read(file, new SamplingWindow(0, parse.GetValue(seconds)), analyzer.FramesPerSecond, 0, size, new FrameReadReport(), ct)
                        .Select(f => new FaceFrame(f.TimeSeconds, f.Image)).ToList();
                    var result = analyzer.Analyze(frames, null, ct);
                    foreach (var e in result.Evidence.Where(e => e.Id == FaceBlendEvidence.Id && e.Reliability > 0))
                    {
                        t++;
                        var flagged = e.Direction == EvidenceDirection.Manipulated;
                        fl += flagged ? 1 : 0;
                        string Fact(string name) => e.Facts.FirstOrDefault(x => x.Name == name)?.Value ?? "-";
                        var segments = string.Join(' ', result.Segments.Where(s => s.Label == Fact("face")).Select(s => string.Create(inv, $"{s.StartSeconds:0.0}-{s.EndSeconds:0.0}s")));
                        await stdout.WriteLineAsync($"{rel}\t{Fact("face")}\tframes {Fact("frames measured")}\ttrack {Fact("track blend score")}\tmedian {Fact("median blend score")}\t{(flagged ? "FLAGGED" : "-")}\t{segments}").ConfigureAwait(false);
                    }

                    if (result.FaceTracks == 0)
                    {
                        await stdout.WriteLineAsync($"{rel}\tno face track").ConfigureAwait(false);
                    }
                }
                catch (Exception e) when (e is InvalidDataException or InvalidOperationException or IOException or MediaException)
                {
                    await stdout.WriteLineAsync($"{rel}\terror: {e.Message}").ConfigureAwait(false);
                }

                perSource[source] = (c, t, fl);
            }

            await stdout.WriteLineAsync("source\tclips\tface tracks measured\tflagged").ConfigureAwait(false);
            foreach (var (s, (c, t, fl)) in perSource)
            {
                await stdout.WriteLineAsync($"{s}\t{c}\t{t}\t{fl}").ConfigureAwait(false);
            }

            var tracks = perSource.Values.Sum(v => v.Tracks);
            var flaggedAll = perSource.Values.Sum(v => v.Flagged);
            await stdout.WriteLineAsync($"all\t{perSource.Values.Sum(v => v.Clips)}\t{tracks}\t{flaggedAll} ({(tracks == 0 ? 0 : flaggedAll / (double)tracks).ToString("P1", inv)})").ConfigureAwait(false);
            return 0;
        });
        return command;
    }

    private static FaceBlendModel LoadModel(string path)
    {
        using var stream = File.OpenRead(path);
        return FaceBlendModel.Load(stream);
    }
}
