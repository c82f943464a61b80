namespace FakeLens.Video.Tests;

/// <summary>Test clips made with ffmpeg (lavfi sources, image sequences) in a temporary folder; ffmpeg missing is a hard failure.</summary>
internal sealed class Clips : IDisposable
{
    public Clips()
    {
        Directory.CreateDirectory(Folder);
    }

    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "fakelens-video-tests-" + Guid.NewGuid().ToString("N"));

    public string Make(string name, params string[] ffmpegArgs) => FakeLens.TestSupport.Ffmpeg.Make(Folder, name, ffmpegArgs);

    /// <summary>A test-pattern clip with a sine tone: size, seconds, frames per second.</summary>
    public string Pattern(string name, int width, int height, double seconds, int fps = 25, string[]? extra = null) =>
        Make(name, ["-f", "lavfi", "-i", FormattableString.Invariant($"testsrc2=size={width}x{height}:rate={fps}:duration={seconds}"),
            "-f", "lavfi", "-i", FormattableString.Invariant($"sine=frequency=440:duration={seconds}"),
            "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", .. extra ?? []]);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
