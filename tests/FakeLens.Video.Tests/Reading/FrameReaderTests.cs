using FakeLens.Core.Detection;
using FakeLens.Video.Reading;

namespace FakeLens.Video.Tests.Reading;

public sealed class FrameReaderTests : IDisposable
{
    private readonly Clips _clips = new();

    [Fact]
    public void Reads_two_frames_a_second_with_their_times_at_the_output_size()
    {
        var path = _clips.Pattern("a.mp4", 320, 240, 5);
        var probe = VideoProber.Probe(path, ScanLimits.Default.MaxPixels);
        var report = new FrameReadReport();
        var frames = FrameReader.Read(path, new SamplingWindow(0, 5), 2, 0, FrameReader.OutputSize(probe, 160), report, CancellationToken.None).ToList();
        Assert.InRange(frames.Count, 10, 11);
        Assert.All(frames, f => Assert.Equal((160, 120), (f.Image.Width, f.Image.Height)));
        Assert.Equal(0, frames[0].TimeSeconds, 1);
        Assert.All(frames.Zip(frames.Skip(1)), p => Assert.InRange(p.Second.TimeSeconds - p.First.TimeSeconds, 0.45, 0.55));
        Assert.Equal(frames.Count, report.Frames);
    }

    [Fact]
    public void A_scene_cut_between_samples_adds_a_frame_at_the_cut()
    {
        var red = _clips.Make("red.mp4", "-f", "lavfi", "-i", "color=c=red:s=160x120:r=25:d=1.2", "-c:v", "libx264", "-pix_fmt", "yuv420p");
        var list = Path.Combine(_clips.Folder, "list.txt");
        var blue = _clips.Make("blue.mp4", "-f", "lavfi", "-i", "color=c=blue:s=160x120:r=25:d=1.2", "-c:v", "libx264", "-pix_fmt", "yuv420p");
        File.WriteAllText(list, $"file '{red}'\nfile '{blue}'\n");
        var cut = _clips.Make("cut.mp4", "-f", "concat", "-safe", "0", "-i", list, "-c", "copy");
        var probe = VideoProber.Probe(cut, ScanLimits.Default.MaxPixels);
        var frames = FrameReader.Read(cut, new SamplingWindow(0, 2.4), 2, 0.35, FrameReader.OutputSize(probe, 160), new FrameReadReport(), CancellationToken.None).ToList();
        var atCut = Assert.Single(frames, f => f.SceneCut);
        Assert.Equal(1.2, atCut.TimeSeconds, 1);
        Assert.True(atCut.Image.Pixels[2] > 200, "the frame at the cut is the first blue one");
    }

    public void Dispose() => _clips.Dispose();
}
