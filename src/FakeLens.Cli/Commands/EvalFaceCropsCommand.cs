using System.CommandLine;
using System.Globalization;
using FakeLens.Core.Detection;
using FakeLens.Faces;
using FakeLens.Faces.Learned;
using FakeLens.Video.Reading;

namespace FakeLens.Cli.Commands;

/// <summary>
/// <c>fakelens eval face-crops --clips DIR --out FILE.csv</c> (round 15, an experiment): follows the faces of every video
/// under DIR with the face tracker (the first <c>--seconds</c> at <c>--fps</c>, ≤ 1280 px) and writes one row per face
/// track (≥ 5 frames, the <c>--tracks</c> longest) with <see cref="FaceCropFeatures"/>: the ResNet-18 face-crop views and the
/// confound statistics, each as mean and std over the track. With <c>--blend-twins</c> every track also gets a twin
/// whose every frame is a self-blend of the same face (one random setting per track, <see cref="SelfBlender"/>): the
/// simulated fakes of the SBI idea. Rows: source (first folder), path, track, kind (clip / blend), frames, features.
/// </summary>
internal static class EvalFaceCropsCommand
{
    private static readonly string[] VideoExtensions = [".mp4", ".mov", ".m4v", ".avi", ".mkv", ".webm", ".3gp", ".mts", ".gif", ".mpg", ".mpeg", ".flv", ".wmv"];

    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var clips = new Option<string>("--clips") { Description = "Folder of videos (searched recursively; the first sub-folder names the source).", HelpName = "dir", Required = true };
        var output = new Option<string>("--out") { Description = "CSV written (one row per face track).", HelpName = "file.csv", Required = true };
        var seconds = new Option<double>("--seconds") { Description = "Seconds analysed from the start of each clip.", DefaultValueFactory = _ => 4 };
        var fps = new Option<double>("--fps") { Description = "Frames per second sampled.", DefaultValueFactory = _ => 5 };
        var maxTracks = new Option<int>("--tracks") { Description = "Longest face tracks kept per clip.", DefaultValueFactory = _ => 2 };
        var twins = new Option<bool>("--blend-twins") { Description = "Also write a self-blended twin of every track (simulated fakes)." };
        var seed = new Option<int>("--seed") { Description = "Seed of the blend twins.", DefaultValueFactory = _ => 15 };
        var command = new Command("face-crops", "Learned face representation (experiment): ResNet-18 face-crop features and confound statistics per face track, one CSV row per track.") { clips, output, seconds, fps, maxTracks, twins, seed };
        command.SetAction(async (parse, ct) =>
        {
            var inv = CultureInfo.InvariantCulture;
            var root = parse.GetValue(clips)!;
            if (!Directory.Exists(root))
            {
                await stderr.WriteLineAsync($"fakelens eval face-crops: no folder {root}").ConfigureAwait(false);
                return 2;
            }

            using var engine = FaceEngine.TryCreate(out var whyNot);
            if (engine is null)
            {
                await stderr.WriteLineAsync("fakelens eval face-crops: " + whyNot).ConfigureAwait(false);
                return 2;
            }

            var files = Directory.GetFiles(root, "*", SearchOption.AllDirectories).Where(f => VideoExtensions.Contains(Path.GetExtension(f).ToLowerInvariant())).Order(StringComparer.Ordinal).ToList();
            await using var w = new StreamWriter(parse.GetValue(output)!);
            await w.WriteLineAsync(string.Join(',', ["source", "path", "track", "kind", "frames", .. FaceCropFeatures.ConfoundTrackNames, .. FaceCropFeatures.DeepTrackNames])).ConfigureAwait(false);
            foreach (var file in files)
            {
                ct.ThrowIfCancellationRequested();
                var rel = Path.GetRelativePath(root, file);
                var source = rel.Contains(Path.DirectorySeparatorChar, StringComparison.Ordinal) ? rel[..rel.IndexOf(Path.DirectorySeparatorChar, StringComparison.Ordinal)] : ".";
                try
                {
                    var probe = VideoProber.Probe(file, 100_000_000, ct);
                    var size = FrameReader.OutputSize(probe, 1280);
                    var frames = FrameReader.Read(file, new SamplingWindow(0, parse.GetValue(seconds)), parse.GetValue(fps), 0, size, new FrameReadReport(), ct)
                        .Select(f => new FaceFrame(f.TimeSeconds, f.Image)).ToList();
                    var blendSeed = parse.GetValue(twins) ? parse.GetValue(seed) + StableHash(rel) : (int?)null;
                    var rows = FaceCropTracks.Measure(engine, frames, parse.GetValue(maxTracks), blendSeed, ct);
                    if (rows.Count == 0)
                    {
                        await stdout.WriteLineAsync($"{rel}\tno face track").ConfigureAwait(false);
                        continue;
                    }

                    foreach (var r in rows)
                    {
                        await w.WriteLineAsync(string.Join(',', [source, "\"" + rel.Replace("\"", "'", StringComparison.Ordinal) + "\"", r.TrackId.ToString(inv), r.Kind, r.Frames.ToString(inv), .. r.Values.Select(v => v.ToString("R", inv))])).ConfigureAwait(false);
                        if (r.Kind == "clip")
                        {
                            await stdout.WriteLineAsync($"{rel}\ttrack {r.TrackId}\tframes {r.Frames}").ConfigureAwait(false);
                        }
                    }
                }
                catch (Exception e) when (e is InvalidDataException or InvalidOperationException or IOException or MediaException or ArgumentException or OpenCvSharp.OpenCVException)
                {
                    await stdout.WriteLineAsync($"{rel}\terror: {e.Message}").ConfigureAwait(false);
                }
            }

            return 0;
        });
        return command;
    }

    private static int StableHash(string s)
    {
        var h = 17;
        foreach (var c in s)
        {
            h = unchecked((h * 31) + c);
        }

        return h & 0x3FFFFFFF;
    }
}
