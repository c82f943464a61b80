using FakeLens.Core.Media;

namespace FakeLens.Core.Tests.Media;

public sealed class MediaSnifferTests
{
    public static TheoryData<string, MediaFormat> Headers => new()
    {
        { "FFD8FFE000104A464946", MediaFormat.Jpeg },
        { "89504E470D0A1A0A0000000D49484452", MediaFormat.Png },
        { "52494646AAAA000057454250565038", MediaFormat.WebP },
        { "474946383961", MediaFormat.Gif },
        { "49492A00080000", MediaFormat.Tiff },
        { "4D4D002A00000008", MediaFormat.Tiff },
        { "424D3600000000000000360000002800000001", MediaFormat.Bmp },
        { "000000186674797068656963000000006D69663168656963", MediaFormat.Heic },
        { "0000001C667479706176696600000000617669666D696631", MediaFormat.Avif },
        { "52494646240000005741564566", MediaFormat.Wav },
        { "494433030000", MediaFormat.Mp3 },
        { "FFFB9064", MediaFormat.Mp3 },
        { "664C614300000022", MediaFormat.Flac },
        { "4F67675300020000", MediaFormat.Ogg },
        { "00000020667479704D344120000000004D3441206D703432", MediaFormat.M4a },
        { "0000001866747970697336D00000000069736F6D", MediaFormat.Mp4 },
        { "0000001466747970717420200000000071742020", MediaFormat.Mov },
        { "1A45DFA39F4286810142F7810142F2810442F381084282847765626D", MediaFormat.WebM },
        { "1A45DFA3A34286810142F7810142F2810442F38108428288", MediaFormat.Mkv },
        { "52494646000000004156492020", MediaFormat.Avi },
    };

    [Theory]
    [MemberData(nameof(Headers))]
    public void Recognises_format_from_magic_bytes(string hex, MediaFormat expected)
    {
        var head = Convert.FromHexString(hex.Length % 2 == 0 ? hex : hex + "0");
        Assert.Equal(expected, MediaSniffer.Sniff(head).Format);
    }

    [Fact]
    public void Text_is_not_media()
    {
        var sniffed = MediaSniffer.Sniff("hello, this is text"u8, "notes.jpg");
        Assert.Equal(MediaFormat.Unknown, sniffed.Format);
        Assert.Equal(MediaKind.Unknown, sniffed.Kind);
        Assert.Equal(MediaFormat.Jpeg, sniffed.ExtensionHint);
    }

    [Fact]
    public void Png_named_jpg_is_a_mismatch_but_jpeg_named_jpeg_is_not()
    {
        var png = Convert.FromHexString("89504E470D0A1A0A0000000D49484452");
        Assert.True(MediaSniffer.Sniff(png, "photo.jpg").ExtensionMismatch);
        Assert.False(MediaSniffer.Sniff(Convert.FromHexString("FFD8FFE0"), "photo.JPEG").ExtensionMismatch);
        Assert.False(MediaSniffer.Sniff(png, "no-extension").ExtensionMismatch);
    }

    [Fact]
    public void Mp4_family_members_do_not_count_as_mismatch()
    {
        var m4a = Convert.FromHexString("00000020667479704D344120000000004D3441206D703432");
        Assert.False(MediaSniffer.Sniff(m4a, "song.mp4").ExtensionMismatch);
    }

    [Fact]
    public void Heic_is_an_image_whose_pixels_are_not_decoded()
    {
        var heic = MediaSniffer.Sniff(Convert.FromHexString("000000186674797068656963000000006D69663168656963"));
        Assert.Equal(MediaKind.Image, heic.Kind);
        Assert.False(heic.PixelsSupported);
        Assert.True(MediaSniffer.Sniff(Convert.FromHexString("FFD8FFE0")).PixelsSupported);
    }

    [Fact]
    public void Kinds_follow_format()
    {
        Assert.Equal(MediaKind.Audio, MediaSniffer.Sniff(Convert.FromHexString("664C6143")).Kind);
        Assert.Equal(MediaKind.Video, MediaSniffer.Sniff(Convert.FromHexString("52494646000000004156492020")).Kind);
        Assert.Equal("image/webp", MediaSniffer.Sniff(Convert.FromHexString("52494646AAAA000057454250565038")).MimeType);
    }
}
