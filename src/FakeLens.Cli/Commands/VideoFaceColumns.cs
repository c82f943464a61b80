using System.Globalization;
using FakeLens.Faces;
using FakeLens.Faces.Blend;
using FakeLens.Learning.Video;
using FakeLens.Video.Reading;

namespace FakeLens.Cli.Commands;

/// <summary>
/// The face cues as extra columns for <c>eval video --faces</c>: the main face track's statistics
/// (<see cref="FaceVideoFeatures.Names"/>, v2) and its faces.blend track score (the shipped video model), from the
/// face analyser at 10 fps over the first <see cref="Seconds"/> s at ≤ 1280 px (no audio: the corpus clips have none).
/// The Learning library does not reference the faces library, so the columns are joined here, in the front end.
/// NaN where there is no face or a cue could not be measured (LightGBM treats it as missing).
/// </summary>
internal static class VideoFaceColumns
{
    public const double Seconds = 16;

    public static IReadOnlyList<string> Names { get; } = [.. FaceVideoFeatures.Names, "faces.blend.track_score"];

    public static float[] Extract(FaceVideoAnalyzer analyzer, string path, CancellationToken ct)
    {
        var probe = VideoProber.Probe(path, 100_000_000, ct);
        var size = FrameReader.OutputSize(probe, 1280);
        var frames = FrameReader.Read(path, new SamplingWindow(0, Seconds), analyzer.FramesPerSecond, 0, size, new FrameReadReport(), ct)
            .Select(f => new FaceFrame(f.TimeSeconds, f.Image)).ToList();
        if (frames.Count == 0)
        {
            return [.. Names.Select(_ => float.NaN)];
        }

        var result = analyzer.Analyze(frames, null, ct);
        var blend = result.Evidence.FirstOrDefault(e => e.Id == FaceBlendEvidence.Id && e.Reliability > 0)?.Facts.FirstOrDefault(f => f.Name == "track blend score")?.Value;
        return [.. FaceVideoFeatures.Names.Select(n => (float)result.Features.GetValueOrDefault(n, double.NaN)), blend is null ? float.NaN : float.Parse(blend, CultureInfo.InvariantCulture)];
    }

    /// <summary>
    /// Per-video rows of the named columns from a scores CSV written by <c>--scores</c>, by path; null when the CSV
    /// lacks one of the names (then they are extracted again).
    /// </summary>
    public static Dictionary<string, float[]>? ReadScores(string csv, IReadOnlyList<string> names)
    {
        var lines = File.ReadAllLines(csv);
        var header = lines[0].Split(',').ToList();
        var columns = names.Select(n => header.IndexOf(n)).ToList();
        if (columns.Any(c => c < 0))
        {
            return null;
        }

        var rows = new Dictionary<string, float[]>(StringComparer.Ordinal);
        foreach (var line in lines.Skip(1))
        {
            // Paths are quoted only when they hold a comma; the corpus' do not.
            var cells = line.Split(',');
            rows[cells[0]] = [.. columns.Select(c => float.Parse(cells[c], CultureInfo.InvariantCulture))];
        }

        return rows;
    }
}
