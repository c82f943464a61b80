using FakeLens.Provenance.Labels;
using SkiaSharp;

namespace FakeLens.Provenance.Tests.Labels;

public sealed class PngAlphaColumnTests
{
    [Theory]
    [InlineData(SKPngEncoderFilterFlags.AllFilters)]
    [InlineData(SKPngEncoderFilterFlags.Sub)]
    [InlineData(SKPngEncoderFilterFlags.Up)]
    [InlineData(SKPngEncoderFilterFlags.Avg)]
    [InlineData(SKPngEncoderFilterFlags.Paeth)]
    public void Column_zero_alpha_read_from_IDAT_equals_the_decoded_alpha_under_every_filter(SKPngEncoderFilterFlags filter)
    {
        const int Width = 37;
        const int Height = 170;
        var rng = new Random(4);
        var info = new SKImageInfo(Width, Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        using var bitmap = new SKBitmap(info);
        var px = bitmap.GetPixelSpan();
        rng.NextBytes(px);
        using var pixmap = bitmap.PeekPixels();
        using var data = pixmap.Encode(new SKPngEncoderOptions(filter, 6))!;
        var png = data.ToArray();

        var column = PngAlphaColumn.Read(png, 152);

        Assert.NotNull(column);
        for (var y = 0; y < 152; y++)
        {
            Assert.Equal(px[(y * Width * 4) + 3], column[y]);
        }
    }

    [Fact]
    public void Images_without_alpha_or_too_short_are_left_to_the_full_decoder()
    {
        Assert.Null(PngAlphaColumn.Read(LabelFiles.PlainPng(64, 200), 152));
        Assert.Null(PngAlphaColumn.Read(LabelFiles.StealthPng("stealth_pngcomp", [1], 64, 100), 152));
        Assert.NotNull(PngAlphaColumn.Read(LabelFiles.StealthPng("stealth_pngcomp", [1], 64, 160), 152));
    }
}
