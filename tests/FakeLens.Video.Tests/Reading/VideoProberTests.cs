using FakeLens.Core.Detection;
using FakeLens.Video.Reading;

namespace FakeLens.Video.Tests.Reading;

public sealed class VideoProberTests : IDisposable
{
    private readonly Clips _clips = new();

    [Fact]
    public void Probe_reads_codec_size_duration_rate_and_audio()
    {
        var path = _clips.Pattern("a.mp4", 320, 240, 3, fps: 25);
        var probe = VideoProber.Probe(path, ScanLimits.Default.MaxPixels);
        Assert.Equal("h264", probe.VideoCodec);
        Assert.Equal((320, 240), (probe.Width, probe.Height));
        Assert.InRange(probe.DurationSeconds!.Value, 2.9, 3.2);
        Assert.Equal(25, probe.NominalFrameRate!.Value, 3);
        Assert.True(probe.HasAudio);
        Assert.Equal("aac", probe.AudioCodec);
        Assert.False(probe.VariableFrameRate);
    }

    [Fact]
    public void Frames_above_the_pixel_limit_are_refused_before_decoding()
    {
        var path = _clips.Pattern("big.mp4", 320, 240, 1);
        var e = Assert.Throws<MediaException>(() => VideoProber.Probe(path, maxPixels: 320 * 200));
        Assert.Equal("too-large", e.Code);
    }

    [Fact]
    public void Truncated_mp4_without_its_index_is_a_clear_corrupt_error()
    {
        var path = _clips.Pattern("t.mp4", 320, 240, 2);
        var bytes = File.ReadAllBytes(path);
        var cut = Path.Combine(_clips.Folder, "cut.mp4");
        File.WriteAllBytes(cut, bytes[..(bytes.Length / 2)]); // ffmpeg writes moov at the end: the half has none
        var e = Assert.Throws<MediaException>(() => VideoProber.Probe(cut, ScanLimits.Default.MaxPixels));
        Assert.Equal("corrupt", e.Code);
        Assert.Contains("cannot be read", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Audio_only_file_has_no_video_stream()
    {
        var path = _clips.Make("a.m4a", "-f", "lavfi", "-i", "sine=duration=1", "-c:a", "aac");
        var e = Assert.Throws<MediaException>(() => VideoProber.Probe(path, ScanLimits.Default.MaxPixels));
        Assert.Equal("no-video", e.Code);
    }

    public void Dispose() => _clips.Dispose();
}
