namespace FakeLens.Video.Reading;

/// <summary>
/// How a video is sampled. Defaults: 2 frames a second plus scene cuts (ffmpeg scene score above 0.35), at most 240
/// frames (two minutes of video at 2 fps); longer videos are covered by evenly spread windows of 10 s each, which
/// ffmpeg reaches by seeking, so a 10-hour file costs as much as a 2-minute one. Frames keep their native size up to
/// 1920 px on the long side (4K frames are halved: 25 MB a frame is not worth it for 256 px patch models).
/// </summary>
public sealed record VideoReadOptions
{
    public double FramesPerSecond { get; init; } = 2;

    /// <summary>ffmpeg scene-change score (0..1) above which a frame is taken as well; 0 turns scene cuts off.</summary>
    public double SceneCutThreshold { get; init; } = 0.35;

    public int MaxFrames { get; init; } = 240;

    public double WindowSeconds { get; init; } = 10;

    public int MaxLongSide { get; init; } = 1920;

    /// <summary>Share of the per-file time limit the frame pass may use before it stops and reports what it covered.</summary>
    public double TimeBudgetShare { get; init; } = 0.6;

    public static VideoReadOptions Default { get; } = new();
}
