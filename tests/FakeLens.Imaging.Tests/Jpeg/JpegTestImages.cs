using FakeLens.Imaging.Decoding;
using FakeLens.TestSupport;

namespace FakeLens.Imaging.Tests.Jpeg;

/// <summary>JPEGs made in the test: once or twice compressed, optionally with an uncompressed patch pasted in between.</summary>
internal static class JpegTestImages
{
    public static RgbImage Decode(byte[] bytes) => ImageDecoder.Decode(bytes, 100_000_000).Image;

    public static RgbImage Kodak(int index) =>
        Decode(File.ReadAllBytes(TestData.Path("images/real/kodak24", $"kodim{index:00}.png")));

    public static byte[] Twice(RgbImage image, int first, int second) => ImageEncoder.Jpeg(Decode(ImageEncoder.Jpeg(image, first)), second);

    /// <summary>Inserts a segment (marker + payload) right after SOI.</summary>
    public static byte[] WithSegment(byte[] jpeg, byte marker, byte[] payload)
    {
        var length = payload.Length + 2;
        byte[] header = [0xFF, marker, (byte)(length >> 8), (byte)length];
        return [.. jpeg.AsSpan(0, 2), .. header, .. payload, .. jpeg.AsSpan(2)];
    }
}
