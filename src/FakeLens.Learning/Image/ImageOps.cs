using FakeLens.Imaging.Decoding;

namespace FakeLens.Learning.Image;

/// <summary>Pixel helpers for training and evaluation: file decode, crop, JPEG round trip.</summary>
internal static class ImageOps
{
    public const long MaxPixels = 100_000_000;

    public static RgbImage Load(string path) => ImageDecoder.Decode(File.ReadAllBytes(path), MaxPixels).Image;

    public static RgbImage Crop(RgbImage image, int x, int y, int width, int height)
    {
        var pixels = new byte[width * height * 3];
        for (var r = 0; r < height; r++)
        {
            Buffer.BlockCopy(image.Pixels, (((y + r) * image.Width) + x) * 3, pixels, r * width * 3, width * 3);
        }

        return new RgbImage(width, height, pixels);
    }

    public static RgbImage JpegRoundTrip(RgbImage image, int quality) =>
        ImageDecoder.Decode(ImageEncoder.Jpeg(image, quality), MaxPixels).Image;
}
