using FakeLens.Imaging.Decoding;
using FakeLens.Provenance.C2pa.Signing;
using FakeLens.TestSupport;

namespace FakeLens.Provenance.Tests.C2pa.Signing;

/// <summary>Test images signed once per test class, and helpers to tamper with them.</summary>
internal static class SignedFiles
{
    public static RgbImage Image(int seed = 3) => Scenes.Natural(320, 240, seed);

    /// <summary>The same image with one pixel changed (a visible step of 60 levels in red).</summary>
    public static RgbImage WithOnePixelChanged(RgbImage image, int x, int y)
    {
        var px = (byte[])image.Pixels.Clone();
        var i = ((y * image.Width) + x) * 3;
        px[i] = (byte)(px[i] > 127 ? px[i] - 60 : px[i] + 60);
        return new RgbImage(image.Width, image.Height, px);
    }

    /// <summary>
    /// Puts the signed file's embedded manifest (the exclusion range) into another encoding of the image at the
    /// same offset: what a forger gets by editing pixels and keeping the manifest.
    /// </summary>
    public static byte[] SpliceManifest(C2paSignResult signed, byte[] otherEncoding)
    {
        var start = (int)signed.ExclusionStart;
        var length = (int)signed.ExclusionLength;
        var result = new byte[otherEncoding.Length + length];
        otherEncoding.AsSpan(0, start).CopyTo(result);
        signed.Bytes.AsSpan(start, length).CopyTo(result.AsSpan(start));
        otherEncoding.AsSpan(start).CopyTo(result.AsSpan(start + length));
        return result;
    }

    /// <summary>The signed file with the embedded manifest cut out.</summary>
    public static byte[] WithoutManifest(C2paSignResult signed)
    {
        var start = (int)signed.ExclusionStart;
        var length = (int)signed.ExclusionLength;
        return [.. signed.Bytes.AsSpan(0, start), .. signed.Bytes.AsSpan(start + length)];
    }
}
