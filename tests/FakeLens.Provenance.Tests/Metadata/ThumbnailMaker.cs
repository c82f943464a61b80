using FakeLens.Imaging.Decoding;

namespace FakeLens.Provenance.Tests.Metadata;

/// <summary>Makes EXIF-style thumbnails the way cameras do: bilinear downscale, optional black letterbox bars, JPEG.</summary>
internal static class ThumbnailMaker
{
    /// <summary>Scales <paramref name="image"/> into a <paramref name="width"/> × <paramref name="height"/> JPEG, letterboxed when <paramref name="letterbox"/>.</summary>
    public static byte[] Jpeg(RgbImage image, int width, int height, bool letterbox = false, int quality = 80)
    {
        ArgumentNullException.ThrowIfNull(image);
        int cw = width, ch = height;
        if (letterbox)
        {
            var scale = Math.Min(width / (double)image.Width, height / (double)image.Height);
            cw = (int)Math.Round(image.Width * scale);
            ch = (int)Math.Round(image.Height * scale);
        }

        var ox = (width - cw) / 2;
        var oy = (height - ch) / 2;
        var px = new byte[width * height * 3];
        for (var y = 0; y < ch; y++)
        {
            var sy = Math.Clamp(((y + 0.5) * image.Height / ch) - 0.5, 0, image.Height - 1);
            var y0 = (int)sy;
            var y1 = Math.Min(y0 + 1, image.Height - 1);
            var fy = sy - y0;
            for (var x = 0; x < cw; x++)
            {
                var sx = Math.Clamp(((x + 0.5) * image.Width / cw) - 0.5, 0, image.Width - 1);
                var x0 = (int)sx;
                var x1 = Math.Min(x0 + 1, image.Width - 1);
                var fx = sx - x0;
                for (var c = 0; c < 3; c++)
                {
                    double P(int xx, int yy) => image.Pixels[((yy * image.Width) + xx) * 3 + c];
                    var v = ((1 - fy) * (((1 - fx) * P(x0, y0)) + (fx * P(x1, y0)))) + (fy * (((1 - fx) * P(x0, y1)) + (fx * P(x1, y1))));
                    px[((((oy + y) * width) + ox + x) * 3) + c] = (byte)Math.Clamp(Math.Round(v), 0, 255);
                }
            }
        }

        return ImageEncoder.Jpeg(new RgbImage(width, height, px), quality);
    }
}
