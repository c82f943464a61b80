using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using FakeLens.Core.Detection;
using FakeLens.Core.Evidence;
using FakeLens.Faces;
using FakeLens.Video.Reading;

namespace FakeLens.Cli.Commands;

/// <summary>
/// <c>fakelens eval face-cues --clips DIR</c>: runs the video face analysis the scan runs (10 fps, ≤ 1280 px, the
/// first <c>--seconds</c>, the audio loudness for lip-sync when the clip has audio) on every video under DIR and
/// prints, per face track, every face cue's finding (direction, likelihood ratio, reliability, title), then per cue
/// how many tracks it could measure and how many it flagged, per first-level folder (source). With <c>--json</c> it
/// also writes one JSON object per clip (all findings with their facts, the main track's feature vector and its
/// eye-closure series) for scripts/eval/face_cues_tables.py. For measuring how often each cue fires on REAL
/// footage (docs/faces.md, "Face cues on real faces and footage").
/// </summary>
internal static class EvalFaceCuesCommand
{
    private static readonly string[] VideoExtensions = [".mp4", ".mov", ".m4v", ".avi", ".mkv", ".webm", ".3gp", ".mts", ".gif", ".mpg", ".mpeg", ".flv", ".wmv"];

    /// <summary>The per-track cue ids this command counts (faces.blend has its own command, eval face-blend).</summary>
    private static readonly string[] CueIds = ["faces.blink", "faces.flicker", "faces.surroundings", "faces.lip-sync", "faces.pulse", "faces.head-pose", "faces.expression"];

    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var clips = new Option<string[]>("--clips") { Description = "Folders of videos (searched recursively; the first sub-folder names the source). Repeatable.", HelpName = "dir", Required = true, AllowMultipleArgumentsPerToken = true };
        var seconds = new Option<double>("--seconds") { Description = "Seconds analysed from the start of each clip (the scan's face pass covers at most 30).", DefaultValueFactory = _ => 30 };
        var json = new Option<string?>("--json") { Description = "Write one JSON object per clip (findings with facts, features, eye-closure series) to this file.", HelpName = "file.jsonl" };
        var command = new Command("face-cues", "Run the video face cues (blink, flicker, surroundings, lip-sync, pulse, head pose, expression) on every face track of videos: each cue's finding, and per cue how many tracks it measured and flagged.") { clips, seconds, json };
        command.SetAction(async (parse, ct) =>
        {
            var inv = CultureInfo.InvariantCulture;
            var roots = parse.GetValue(clips)!;
            if (roots.FirstOrDefault(r => !Directory.Exists(r)) is { } missing)
            {
                await stderr.WriteLineAsync($"fakelens eval face-cues: no folder {missing}").ConfigureAwait(false);
                return 2;
            }

            var limit = parse.GetValue(seconds);
            if (!(limit > 0))
            {
                await stderr.WriteLineAsync("fakelens eval face-cues: --seconds must be positive").ConfigureAwait(false);
                return 2;
            }

            var analyzer = FaceVideoAnalyzer.TryCreate(out var whyNot);
            if (analyzer is null)
            {
                await stderr.WriteLineAsync("fakelens eval face-cues: " + whyNot).ConfigureAwait(false);
                return 2;
            }

            using var jsonOut = parse.GetValue(json) is { } jp ? new StreamWriter(jp) : null;
            var counts = new SortedDictionary<(string Source, string Cue), (int Tracks, int Measured, int Flagged)>();
            var clipsPerSource = new SortedDictionary<string, int>(StringComparer.Ordinal);
            foreach (var root in roots)
            {
                var files = Directory.GetFiles(root, "*", SearchOption.AllDirectories).Where(f => VideoExtensions.Contains(Path.GetExtension(f).ToLowerInvariant())).Order(StringComparer.Ordinal).ToList();
                foreach (var file in files)
                {
                    ct.ThrowIfCancellationRequested();
                    var rel = Path.GetRelativePath(root, file);
                    var source = rel.Contains(Path.DirectorySeparatorChar, StringComparison.Ordinal) ? rel[..rel.IndexOf(Path.DirectorySeparatorChar, StringComparison.Ordinal)] : Path.GetFileName(Path.GetFullPath(root));
                    clipsPerSource[source] = clipsPerSource.GetValueOrDefault(source) + 1;
                    try
                    {
                        var probe = VideoProber.Probe(file, 100_000_000, ct);
                        var size = FrameReader.OutputSize(probe, 1280);
                        var window = new SamplingWindow(0, limit);
                        var frames = FrameReader.Read(file, window, analyzer.FramesPerSecond, 0, size, new FrameReadReport(), ct)
                            .Select(f => new FaceFrame(f.TimeSeconds, f.Image)).ToList();
                        const double step = 0.01;
                        float[]? rms = null;
                        if (probe.HasAudio)
                        {
                            try
                            {
                                rms = LoudnessEnvelopeReader.Read(file, [window], step, ct);
                            }
                            catch (MediaException)
                            {
                                rms = null;
                            }
                        }

                        var result = analyzer.Analyze(frames, rms is null ? null : new SpeechEnvelope(step, rms), ct);
                        foreach (var e in result.Evidence.Where(e => CueIds.Contains(e.Id)))
                        {
                            var face = e.Facts.FirstOrDefault(x => x.Name == "face")?.Value ?? "-";
                            var measured = e.Reliability > 0;
                            var flagged = e.Direction != EvidenceDirection.Neutral;
                            var key = (source, e.Id);
                            var (t, m, fl) = counts.GetValueOrDefault(key);
                            counts[key] = (t + 1, m + (measured ? 1 : 0), fl + (flagged ? 1 : 0));
                            await stdout.WriteLineAsync(string.Create(inv, $"{rel}\t{face}\t{e.Id}\t{(flagged ? "FLAGGED" : measured ? "measured" : "not measured")}\tLR {e.LikelihoodRatio:0.00}\trel {e.Reliability:0.00}\t{e.Title}")).ConfigureAwait(false);
                        }

                        if (result.FaceTracks == 0)
                        {
                            await stdout.WriteLineAsync($"{rel}\tno face track").ConfigureAwait(false);
                        }

                        if (jsonOut is not null)
                        {
                            var blink = result.Series.Where(s => s.Label.StartsWith("faces.blink", StringComparison.Ordinal)).Select(s => new { start = s.StartSeconds, step = s.StepSeconds, label = s.Label, closure = s.Values.Select(v => Math.Round(v, 3)) });
                            var row = new
                            {
                                clip = rel,
                                source,
                                duration = probe.DurationSeconds,
                                audio = probe.HasAudio,
                                envelope = rms is not null,
                                frames = frames.Count,
                                tracks = result.FaceTracks,
                                features = result.Features.ToDictionary(kv => kv.Key, kv => double.IsFinite(kv.Value) ? (double?)kv.Value : null),
                                evidence = result.Evidence.Select(e => new { id = e.Id, direction = e.Direction.ToString(), lr = e.LikelihoodRatio, reliability = e.Reliability, title = e.Title, facts = e.Facts.ToDictionary(f => f.Name, f => f.Value) }),
                                blink,
                            };
                            await jsonOut.WriteLineAsync(JsonSerializer.Serialize(row)).ConfigureAwait(false);
                            await jsonOut.FlushAsync(ct).ConfigureAwait(false);
                        }
                    }
                    catch (Exception e) when (e is InvalidDataException or InvalidOperationException or IOException or MediaException)
                    {
                        await stdout.WriteLineAsync($"{rel}\terror: {e.Message}").ConfigureAwait(false);
                    }
                }
            }

            await stdout.WriteLineAsync("source\tclips\tcue\ttracks\tmeasured\tflagged").ConfigureAwait(false);
            foreach (var ((s, cue), (t, m, fl)) in counts)
            {
                await stdout.WriteLineAsync(string.Create(inv, $"{s}\t{clipsPerSource[s]}\t{cue}\t{t}\t{m}\t{fl}")).ConfigureAwait(false);
            }

            foreach (var cue in CueIds)
            {
                var m = counts.Where(kv => kv.Key.Cue == cue).Sum(kv => kv.Value.Measured);
                var fl = counts.Where(kv => kv.Key.Cue == cue).Sum(kv => kv.Value.Flagged);
                await stdout.WriteLineAsync(string.Create(inv, $"all\t{clipsPerSource.Values.Sum()}\t{cue}\t{counts.Where(kv => kv.Key.Cue == cue).Sum(kv => kv.Value.Tracks)}\t{m}\t{fl} ({(m == 0 ? 0 : fl / (double)m):P1} of measured)")).ConfigureAwait(false);
            }

            return 0;
        });
        return command;
    }
}
