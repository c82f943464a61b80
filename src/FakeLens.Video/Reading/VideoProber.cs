using System.Globalization;
using System.Text.Json;
using FakeLens.Core.Detection;

namespace FakeLens.Video.Reading;

/// <summary>
/// Runs <c>ffprobe -show_format -show_streams</c> on a file and turns the JSON into a <see cref="VideoProbe"/>.
/// Refuses, with a per-file <see cref="MediaException"/>, what cannot be analysed: no video stream, zero or absurd
/// dimensions (width × height above <see cref="ScanLimits.MaxPixels"/>, or a side above 16 384 px), unreadable
/// containers. ffprobe reads only headers, so this is cheap even for a 10-hour file.
/// </summary>
public static class VideoProber
{
    /// <summary>Longest frame side accepted (H.264/H.265 level limits are 8 192–16 384).</summary>
    public const int MaxSide = 16_384;

    public static VideoProbe Probe(string path, long maxPixels, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        string json;
        int exit;
        string stderr;
        using (var p = FfmpegProcess.Start(FfmpegProcess.Ffprobe, ["-v", "error", "-print_format", "json", "-show_format", "-show_streams", path]))
        {
            using var reader = new StreamReader(p.Output);
            var read = reader.ReadToEndAsync(cancellationToken);
            if (!read.Wait(TimeSpan.FromSeconds(60), cancellationToken))
            {
                throw new MediaException("ffprobe did not answer within 60 s") { Code = "timeout" };
            }

            json = read.Result;
            (exit, stderr) = p.Finish(TimeSpan.FromSeconds(10));
        }

        if (exit != 0 || json.Length == 0)
        {
            throw new MediaException($"The video container cannot be read (ffprobe: {Short(stderr)}).") { Code = "corrupt" };
        }

        return Parse(json, maxPixels);
    }

    internal static VideoProbe Parse(string json, long maxPixels)
    {
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        var streams = root.TryGetProperty("streams", out var s) && s.ValueKind == JsonValueKind.Array ? s.EnumerateArray().ToList() : [];
        var videos = streams.Where(v => Text(v, "codec_type") == "video" && !IsAttachedPicture(v)).ToList();
        if (videos.Count == 0)
        {
            throw new MediaException("The file holds no video stream (only audio, subtitles or cover art).") { Code = "no-video", AffectsWholeFile = false };
        }

        var video = videos[0];
        var audio = streams.FirstOrDefault(a => Text(a, "codec_type") == "audio");
        var format = root.TryGetProperty("format", out var f) ? f : default;
        var width = (int)(Number(video, "width") ?? 0);
        var height = (int)(Number(video, "height") ?? 0);
        if (width <= 0 || height <= 0)
        {
            throw new MediaException($"The video stream declares no picture size ({width} × {height}); the stream is empty or its header is damaged.") { Code = "corrupt" };
        }

        if (width > MaxSide || height > MaxSide || (long)width * height > maxPixels)
        {
            throw new MediaException(FormattableString.Invariant($"The video declares {width} × {height} px frames, above the limit of {MaxSide} px a side and {maxPixels / 1e6:0.#} megapixels; it is refused rather than decoded.")) { Code = "too-large" };
        }

        var duration = Number(format, "duration") ?? Number(video, "duration");
        return new VideoProbe
        {
            FormatName = Text(format, "format_name") ?? "unknown",
            DurationSeconds = duration is > 0 ? duration : null,
            BitRate = Number(format, "bit_rate") is { } b ? (long)b : null,
            VideoCodec = Text(video, "codec_name") ?? "unknown",
            VideoProfile = Text(video, "profile"),
            PixelFormat = Text(video, "pix_fmt"),
            Width = width,
            Height = height,
            Rotation = RotationOf(video),
            NominalFrameRate = Rate(Text(video, "r_frame_rate")),
            AverageFrameRate = Rate(Text(video, "avg_frame_rate")),
            FrameCount = Number(video, "nb_frames") is { } n ? (long)n : null,
            VideoStartSeconds = Number(video, "start_time"),
            HasAudio = audio.ValueKind == JsonValueKind.Object,
            AudioCodec = audio.ValueKind == JsonValueKind.Object ? Text(audio, "codec_name") : null,
            VideoStreams = videos.Count,
            FormatTags = Tags(format),
            VideoTags = Tags(video),
            AudioTags = audio.ValueKind == JsonValueKind.Object ? Tags(audio) : new Dictionary<string, string>(),
        };
    }

    private static bool IsAttachedPicture(JsonElement v) =>
        v.TryGetProperty("disposition", out var d) && d.ValueKind == JsonValueKind.Object && Number(d, "attached_pic") is 1;

    private static int RotationOf(JsonElement video)
    {
        // The display matrix angle is counter-clockwise (ffprobe prints -90 for a phone held upright); the old
        // "rotate" tag is clockwise. Both are turned into a clockwise angle.
        double? clockwise = null;
        if (video.TryGetProperty("side_data_list", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (var sd in list.EnumerateArray())
            {
                if (Number(sd, "rotation") is { } r)
                {
                    clockwise ??= -r;
                }
            }
        }

        if (clockwise is null && video.TryGetProperty("tags", out var tags) && tags.ValueKind == JsonValueKind.Object)
        {
            clockwise = Number(tags, "rotate");
        }

        var deg = ((((int)Math.Round(clockwise ?? 0)) % 360) + 360) % 360;
        return deg is 90 or 180 or 270 ? deg : 0;
    }

    private static double? Rate(string? text)
    {
        if (text is null)
        {
            return null;
        }

        var parts = text.Split('/');
        if (parts.Length == 2 && double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var num)
            && double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var den) && den > 0 && num > 0)
        {
            return num / den;
        }

        return null;
    }

    private static Dictionary<string, string> Tags(JsonElement e)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (e.ValueKind == JsonValueKind.Object && e.TryGetProperty("tags", out var tags) && tags.ValueKind == JsonValueKind.Object)
        {
            foreach (var p in tags.EnumerateObject())
            {
                result[p.Name] = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() ?? string.Empty : p.Value.ToString();
            }
        }

        return result;
    }

    internal static string? Text(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) ? v.ValueKind == JsonValueKind.String ? v.GetString() : v.ToString() : null;

    internal static double? Number(JsonElement e, string name)
    {
        if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty(name, out var v))
        {
            return null;
        }

        return v.ValueKind switch
        {
            JsonValueKind.Number => v.GetDouble(),
            JsonValueKind.String when double.TryParse(v.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d) => d,
            _ => null,
        };
    }

    internal static string Short(string stderr)
    {
        var t = stderr.Trim().Replace('\n', ' ');
        return t.Length == 0 ? "no details" : t.Length > 300 ? t[..300] : t;
    }
}
