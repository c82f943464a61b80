using System.Diagnostics;

namespace FakeLens.Video.Tests;

/// <summary>Test clips made with ffmpeg (lavfi sources, image sequences) in a temporary folder; ffmpeg missing is a hard failure.</summary>
internal sealed class Clips : IDisposable
{
    public Clips()
    {
        Directory.CreateDirectory(Folder);
    }

    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "fakelens-video-tests-" + Guid.NewGuid().ToString("N"));

    public string Make(string name, params string[] ffmpegArgs)
    {
        var output = Path.Combine(Folder, name);
        var info = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in (string[])["-hide_banner", "-loglevel", "error", "-nostdin", "-y", .. ffmpegArgs, output])
        {
            info.ArgumentList.Add(a);
        }

        using var p = Process.Start(info) ?? throw new InvalidOperationException("ffmpeg did not start");
        var err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"ffmpeg failed making {name}: {err}");
        }

        return output;
    }

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
