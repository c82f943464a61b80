using System.Globalization;
using FakeLens.Core.Detection;
using FakeLens.Core.Evidence;
using FakeLens.Core.Media;
using FakeLens.Video.Reading;

namespace FakeLens.Video.Container;

// Method: reads the container with ffprobe (headers only) and reports what it says as facts: codecs, size, rotation,
// nominal vs average frame rate (a gap means variable or changed frame timing, common after editing and screen
// capture), a video stream that starts late (edit lists, trimmed streams), encoder/handler/software tags, creation
// time and camera tags. Tags that name an AI video generator or face-swap tool (GeneratorTags) are evidence for AI
// generation with likelihood ratio 6 and reliability 0.8: such a tag is rarely written by anything else, but any tag
// can be edited. Everything else is neutral: container facts describe the file's history, not its content.
// Edit lists (MP4/MOV `elst`, EditListReader): ffprobe applies them silently, so they are read from the boxes. A camera
// or a plain encoder writes at most one entry per track (an encoder-delay skip of a few frames); several media
// segments, a start delay (empty edit), a skipped head longer than 0.5 s or a changed play rate mean the file was
// cut, trimmed or retimed by an editor without re-encoding. Reported as facts and notes, not weighed: editing is
// not fabrication, but it tells the reader that what plays is not the whole recording.

/// <summary>Container facts of a video (ffprobe) and AI-generator tags.</summary>
public sealed class VideoContainerDetector : IDetector
{
    private const double GeneratorTagRatio = 6;
    private const double GeneratorTagReliability = 0.8;

    public string Id => "video.container";

    public string Description => "Video container facts (ffprobe): codecs, size, rotation, frame-rate changes, late stream start, edit lists (cuts, trims, speed changes), encoder/handler/creation tags; AI video generator tags.";

    /// <summary>An encoder-delay skip is a few frames; a longer skipped head is a trim.</summary>
    private const double TrimSeconds = 0.5;

    public EvidenceCategory Category => EvidenceCategory.Metadata;

    public bool AppliesTo(MediaType media)
    {
        ArgumentNullException.ThrowIfNull(media);
        return media.Kind == MediaKind.Video;
    }

    public ValueTask<IReadOnlyList<Evidence>> AnalyzeAsync(AnalysisContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var probe = VideoSource.Probe(context, cancellationToken);
        var edits = probe.FormatName.Contains("mp4", StringComparison.Ordinal) || probe.FormatName.Contains("mov", StringComparison.Ordinal)
            ? EditListReader.Read(context.Path)
            : [];
        return ValueTask.FromResult(Describe(probe, edits));
    }

    internal IReadOnlyList<Evidence> Describe(VideoProbe probe, IReadOnlyList<EditList>? editLists = null)
    {
        var inv = CultureInfo.InvariantCulture;
        var facts = new List<Fact>
        {
            new("container", probe.FormatName),
            new("video codec", probe.VideoProfile is null ? probe.VideoCodec : $"{probe.VideoCodec} ({probe.VideoProfile})"),
            new("frame size", string.Create(inv, $"{probe.Width} × {probe.Height}") + (probe.Rotation != 0 ? string.Create(inv, $", shown rotated {probe.Rotation}°") : string.Empty)),
        };
        if (probe.DurationSeconds is { } d)
        {
            facts.Add(new Fact("duration", string.Create(inv, $"{d:0.###} s")));
        }

        if (probe.NominalFrameRate is { } r)
        {
            facts.Add(new Fact("frame rate", string.Create(inv, $"{r:0.###} fps nominal") + (probe.AverageFrameRate is { } a ? string.Create(inv, $", {a:0.###} average") : string.Empty)));
        }

        if (probe.FrameCount is { } n)
        {
            facts.Add(new Fact("frames", n.ToString(inv)));
        }

        if (probe.BitRate is { } b)
        {
            facts.Add(new Fact("bit rate", string.Create(inv, $"{b / 1000.0:0} kbit/s")));
        }

        facts.Add(new Fact("audio", probe.HasAudio ? probe.AudioCodec ?? "yes" : "none"));
        if (probe.PixelFormat is not null)
        {
            facts.Add(new Fact("pixel format", probe.PixelFormat));
        }

        var tags = probe.FormatTags.Select(t => new KeyValuePair<string, string>("format:" + t.Key, t.Value))
            .Concat(probe.VideoTags.Select(t => new KeyValuePair<string, string>("video:" + t.Key, t.Value)))
            .Concat(probe.AudioTags.Select(t => new KeyValuePair<string, string>("audio:" + t.Key, t.Value)))
            .Where(t => !t.Key.EndsWith(":language", StringComparison.Ordinal) && !t.Key.EndsWith(":vendor_id", StringComparison.Ordinal))
            .ToList();
        foreach (var t in tags.Take(40))
        {
            facts.Add(new Fact(t.Key, t.Value.Length > 200 ? t.Value[..200] : t.Value));
        }

        var notes = new List<string>();
        if (probe.VariableFrameRate)
        {
            notes.Add(string.Create(inv, $"the average frame rate ({probe.AverageFrameRate:0.###} fps) differs from the nominal one ({probe.NominalFrameRate:0.###} fps): frame timing varies or changed, as after editing, splicing or screen capture"));
        }

        if (probe.VideoStartSeconds is > 0.1)
        {
            notes.Add(string.Create(inv, $"the video stream starts at {probe.VideoStartSeconds:0.###} s rather than 0 (an edit list or a trimmed stream)"));
        }

        foreach (var list in editLists ?? [])
        {
            var kind = list.Handler switch { "vide" => "video", "soun" => "audio", _ => $"track {list.TrackIndex + 1} ({list.Handler.Trim()})" };
            facts.Add(new Fact($"edit list ({kind})", EditSummary(list)));
            var media = list.Entries.Where(e => e.MediaTimeSeconds is not null).ToList();
            if (list.MediaEdits > 1)
            {
                notes.Add(string.Create(inv, $"the {kind} track plays {list.MediaEdits} separate stretches of its recording one after another (an edit list, as editors write when they cut without re-encoding)"));
            }
            else if (media.Count == 1 && media[0].MediaTimeSeconds > TrimSeconds)
            {
                notes.Add(string.Create(inv, $"the {kind} track skips the first {media[0].MediaTimeSeconds:0.##} s of its recording (trimmed without re-encoding)"));
            }

            if (list.EmptyEdits > 0)
            {
                var delay = list.Entries.Where(e => e.MediaTimeSeconds is null).Sum(e => e.DurationSeconds);
                notes.Add(string.Create(inv, $"the {kind} track has {list.EmptyEdits} empty edit(s): {delay:0.##} s with nothing of it shown (a delayed start or a pause)"));
            }

            if (list.RateChanged)
            {
                notes.Add($"part of the {kind} track plays at a changed speed (edit-list rate other than 1)");
            }
        }

        if (probe.VideoStreams > 1)
        {
            notes.Add(string.Create(inv, $"the file holds {probe.VideoStreams} video streams; only the first is analysed"));
        }

        var result = new List<Evidence>
        {
            new()
            {
                Id = "video.container",
                DetectorId = Id,
                Category = Category,
                Direction = EvidenceDirection.Neutral,
                Title = string.Create(inv, $"{probe.VideoCodec.ToUpperInvariant()} video, {probe.DisplayWidth} × {probe.DisplayHeight}") + (probe.DurationSeconds is { } s ? string.Create(inv, $", {s:0.#} s") : string.Empty),
                Explanation = "What the video container says about the file (read from its headers, nothing decoded)." +
                    (notes.Count == 0 ? string.Empty : " Worth knowing: " + string.Join("; ", notes) + ".") +
                    " Container facts describe how the file was written and re-encoded, not whether its content is real.",
                Facts = facts,
            },
        };
        var hits = GeneratorTags.Find(tags);
        if (hits.Count > 0)
        {
            var first = hits[0];
            result.Add(new Evidence
            {
                Id = "video.generator-tag",
                DetectorId = Id,
                Category = EvidenceCategory.Provenance,
                Direction = EvidenceDirection.AiGenerated,
                Title = $"Container tag names {first.Generator}",
                Explanation = $"The video's container carries a tag naming an AI video or face-swap tool ({first.Tag} = \"{Trim(first.Value)}\"). Such tags are written by the tools themselves and rarely by anything else, but anyone can edit a tag, so it is strong evidence, not proof.",
                LikelihoodRatio = GeneratorTagRatio,
                Reliability = GeneratorTagReliability,
                Facts = hits.Select(h => new Fact(h.Tag, $"{Trim(h.Value)} → {h.Generator}")).ToList(),
            });
        }

        return result;
    }

    private static string EditSummary(EditList list)
    {
        var inv = CultureInfo.InvariantCulture;
        var parts = list.Entries.Take(6).Select(e => e.MediaTimeSeconds is { } m
            ? string.Create(inv, $"{e.DurationSeconds:0.###} s from {m:0.###} s") + (Math.Abs(e.Rate - 1) > 1e-6 ? string.Create(inv, $" at rate {e.Rate:0.##}") : string.Empty)
            : string.Create(inv, $"{e.DurationSeconds:0.###} s empty"));
        return string.Create(inv, $"{list.Entries.Count} entr{(list.Entries.Count == 1 ? "y" : "ies")}: ") + string.Join("; ", parts) + (list.Entries.Count > 6 ? "; …" : string.Empty);
    }

    private static string Trim(string s) => s.Length > 120 ? s[..120] + "…" : s;
}
