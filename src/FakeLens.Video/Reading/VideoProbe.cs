namespace FakeLens.Video.Reading;

/// <summary>
/// What ffprobe says about a video file: container, first video stream, audio presence and every tag, as read
/// (nothing decoded). <see cref="DisplayWidth"/>/<see cref="DisplayHeight"/> are the frame size after rotation,
/// which is what ffmpeg hands out when it decodes (it applies the display matrix).
/// </summary>
public sealed record VideoProbe
{
    public required string FormatName { get; init; }

    public double? DurationSeconds { get; init; }

    public long? BitRate { get; init; }

    public required string VideoCodec { get; init; }

    public string? VideoProfile { get; init; }

    public string? PixelFormat { get; init; }

    public required int Width { get; init; }

    public required int Height { get; init; }

    /// <summary>Clockwise display rotation in degrees (0, 90, 180, 270), from the display matrix or the rotate tag.</summary>
    public int Rotation { get; init; }

    /// <summary>Nominal ("real base") frame rate, r_frame_rate.</summary>
    public double? NominalFrameRate { get; init; }

    /// <summary>Average frame rate over the stream, avg_frame_rate.</summary>
    public double? AverageFrameRate { get; init; }

    public long? FrameCount { get; init; }

    /// <summary>Start time of the video stream (non-zero after edit lists or trimmed streams).</summary>
    public double? VideoStartSeconds { get; init; }

    public bool HasAudio { get; init; }

    public string? AudioCodec { get; init; }

    public int VideoStreams { get; init; } = 1;

    /// <summary>Container-level tags (encoder, creation_time, major_brand, com.apple.*, software, comment, ...).</summary>
    public IReadOnlyDictionary<string, string> FormatTags { get; init; } = new Dictionary<string, string>();

    /// <summary>Video stream tags (handler_name, encoder, vendor_id, ...).</summary>
    public IReadOnlyDictionary<string, string> VideoTags { get; init; } = new Dictionary<string, string>();

    /// <summary>Audio stream tags.</summary>
    public IReadOnlyDictionary<string, string> AudioTags { get; init; } = new Dictionary<string, string>();

    public int DisplayWidth => Rotation is 90 or 270 ? Height : Width;

    public int DisplayHeight => Rotation is 90 or 270 ? Width : Height;

    /// <summary>Nominal and average rates differ by more than 2 %: the stream has variable or changing frame timing.</summary>
    public bool VariableFrameRate => NominalFrameRate is > 0 && AverageFrameRate is > 0
        && Math.Abs(NominalFrameRate.Value - AverageFrameRate.Value) / NominalFrameRate.Value > 0.02;
}
