using FakeLens.Imaging.Decoding;

namespace FakeLens.Imaging.Tampering;

/// <summary>
/// A ground-truth mask: one byte per pixel, 1 where the pixel was edited, 0 where it is original. Stored on disk
/// as a PNG of the image's size, white = tampered, black = untouched (the convention of CASIA, Columbia and the
/// MKLab image-forensics evaluation); any grey level ≥ 128 reads as tampered.
/// </summary>
public sealed class TamperMask
{
    public TamperMask(int width, int height, byte[] bits)
    {
        ArgumentNullException.ThrowIfNull(bits);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        if (bits.Length != checked(width * height))
        {
            throw new ArgumentException($"expected {width * height} mask bytes for {width}×{height}, got {bits.Length}", nameof(bits));
        }

        Width = width;
        Height = height;
        Bits = bits;
    }

    public int Width { get; }

    public int Height { get; }

    /// <summary>Row-major, 1 = tampered, 0 = original.</summary>
    public byte[] Bits { get; }

    /// <summary>An all-original mask (controls).</summary>
    public static TamperMask Empty(int width, int height) => new(width, height, new byte[checked(width * height)]);

    /// <summary>The mask of an alpha matte: tampered where the pasted content weighs at least half.</summary>
    public static TamperMask FromAlpha(int width, int height, ReadOnlySpan<float> alpha)
    {
        var bits = new byte[checked(width * height)];
        for (var i = 0; i < bits.Length; i++)
        {
            bits[i] = alpha[i] >= 0.5f ? (byte)1 : (byte)0;
        }

        return new TamperMask(width, height, bits);
    }

    /// <summary>Number of tampered pixels.</summary>
    public int Count()
    {
        var n = 0;
        foreach (var b in Bits)
        {
            n += b;
        }

        return n;
    }

    /// <summary>Share of the image that is tampered, 0..1.</summary>
    public double Fraction() => Count() / (double)Bits.Length;

    /// <summary>Encodes the mask as a PNG (white = tampered).</summary>
    public byte[] ToPng()
    {
        var px = new byte[Bits.Length * 3];
        for (var i = 0; i < Bits.Length; i++)
        {
            var v = Bits[i] != 0 ? (byte)255 : (byte)0;
            px[3 * i] = v;
            px[(3 * i) + 1] = v;
            px[(3 * i) + 2] = v;
        }

        return ImageEncoder.Png(new RgbImage(Width, Height, px));
    }

    /// <summary>Reads a mask image (PNG or any decodable format; grey ≥ 128 on the luma = tampered).</summary>
    public static TamperMask Load(ReadOnlyMemory<byte> bytes, long maxPixels = 100_000_000)
    {
        var image = ImageDecoder.Decode(bytes, maxPixels).Image;
        var luma = image.Luma();
        var bits = new byte[luma.Length];
        for (var i = 0; i < luma.Length; i++)
        {
            bits[i] = luma[i] >= 128f ? (byte)1 : (byte)0;
        }

        return new TamperMask(image.Width, image.Height, bits);
    }
}
