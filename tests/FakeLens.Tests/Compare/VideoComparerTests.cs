using FakeLens.Compare;
using Xunit.Abstractions;

namespace FakeLens.Tests.Compare;

public sealed class VideoComparerTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("fakelens-video-compare-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>Runs ffmpeg (a missing ffmpeg fails the test, it is not skipped).</summary>
    private string Ffmpeg(string name, params string[] args) => FakeLens.TestSupport.Ffmpeg.Make(_dir, name, args);

    [Fact]
    public void Trimmed_video_with_a_box_drawn_for_a_second_and_a_half_gives_the_offset_and_one_segment()
    {
        // A slow pan (30 px/s) over a still photo: motion fixes the time offset, and unlike lavfi's test patterns
        // nothing but the pan changes between frames.
        var photo = TestSupport.TestData.Path("images", "real", "kodak24", "kodim23.png");
        var original = Ffmpeg("original.mp4", "-loop", "1", "-framerate", "10", "-t", "7", "-i", photo,
            "-vf", "scale=640:640,crop=320:240:x='t*30':y=200", "-c:v", "libx264", "-crf", "18", "-pix_fmt", "yuv420p");
        var suspect = Ffmpeg("suspect.mp4", "-ss", "1", "-i", original, "-vf", "drawbox=x=200:y=150:w=70:h=60:color=red@1:t=fill:enable='between(t,2,3.45)'",
            "-c:v", "libx264", "-crf", "23", "-pix_fmt", "yuv420p");

        var r = new VideoComparer().Compare(suspect, original);
        output.WriteLine(r.Summary);
        foreach (var f in r.Frames)
        {
            output.WriteLine($"{f.Seconds:0.0} <- {f.OriginalSeconds:0.0}: related {f.Related}, changed {f.ChangedFraction:0.000}, regions {f.Regions.Count}");
        }

        Assert.True(r.Related);
        Assert.InRange(r.OffsetSeconds, 0.9, 1.1);
        var seg = Assert.Single(r.Segments);
        Assert.InRange(seg.StartSeconds, 1.9, 2.1);
        Assert.InRange(seg.EndSeconds, 3.4, 4.1);
        Assert.Equal("at the lower right", seg.Position);

        // The HTML report: a thumbnail pair per compared frame, the segment on the timeline with the frame pair that
        // differs most (its region outlined), and the offset.
        Assert.Equal(r.Frames.Count, r.Thumbnails.Count);
        var html = VideoCompareHtmlWriter.Write(r);
        Assert.Contains("class=\"seg\"", html, StringComparison.Ordinal);
        Assert.Contains("2.0–3.5 s", html, StringComparison.Ordinal);
        Assert.Contains("<b>1.0 s</b> of the original (the beginning was cut)", html, StringComparison.Ordinal);
        Assert.Contains("<svg viewBox=\"0 0 ", html, StringComparison.Ordinal);
        Assert.Contains("<rect x=", html, StringComparison.Ordinal);
        Assert.True(html.Split("data:image/jpeg;base64,").Length - 1 >= 2 + (2 * Math.Min(6, r.Frames.Count)), "segment pair + context pairs");
        Assert.DoesNotContain("http", html, StringComparison.Ordinal);
        Assert.DoesNotContain("thumbnails", System.Text.Json.JsonSerializer.Serialize(r), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Different_videos_are_unrelated()
    {
        var a = Ffmpeg("a.mp4", "-f", "lavfi", "-i", "testsrc2=s=320x240:r=10:d=3", "-c:v", "libx264", "-pix_fmt", "yuv420p");
        var b = Ffmpeg("b.mp4", "-f", "lavfi", "-i", "mandelbrot=s=320x240:r=10", "-t", "3", "-c:v", "libx264", "-pix_fmt", "yuv420p");
        var r = new VideoComparer().Compare(a, b);
        output.WriteLine(r.Summary);
        Assert.False(r.Related);
        var html = VideoCompareHtmlWriter.Write(r);
        Assert.Contains("class=\"summary unrelated\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Changed segments", html, StringComparison.Ordinal);
    }
}
