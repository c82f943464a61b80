using FakeLens.Audio.Decoding;
using FakeLens.Core.Detection;

namespace FakeLens.Audio.Tests.Decoding;

public sealed class FfmpegCodecTests
{
    [Fact]
    public void Missing_ffmpeg_gives_a_clear_unsupported_error()
    {
        const string missing = "/nonexistent/ffmpeg";
        Assert.False(FfmpegCodec.IsAvailable(missing));
        var e = Assert.Throws<MediaException>(() => FfmpegCodec.Decode([1, 2, 3], 16_000, executable: missing));
        Assert.Equal("unsupported", e.Code);
        Assert.False(e.AffectsWholeFile);
        Assert.Contains("apt-get install ffmpeg", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Garbage_input_is_a_corrupt_media_error_not_a_hang()
    {
        Assert.True(FfmpegCodec.IsAvailable(), "ffmpeg is required: apt-get install ffmpeg (or set FAKELENS_FFMPEG)");
        var e = Assert.Throws<MediaException>(() => FfmpegCodec.Decode("this is not audio at all"u8, 16_000, TimeSpan.FromSeconds(20)));
        Assert.Contains("ffmpeg could not process", e.Message, StringComparison.Ordinal);
    }
}
