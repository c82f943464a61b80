using FakeLens.Imaging.Decoding;

namespace FakeLens.Watermark.StableDiffusion;

/// <summary>Argument checks and payload lookups shared by the two schemes.</summary>
internal static class SdEmbedding
{
    public static void Check(RgbImage image, WatermarkPayload payload)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(payload);
        if (payload.Bits.Count == 0)
        {
            throw new ArgumentException("the payload has no bits", nameof(payload));
        }

        if ((long)image.Width * image.Height < SdCodec.MinPixels)
        {
            throw new ArgumentException($"the image is {image.Width} × {image.Height} pixels; invisible-watermark needs at least 256 × 256 pixels in total", nameof(image));
        }

        var (bw, bh) = SdCodec.BlockGrid(image.Width, image.Height);
        if (bw * bh < payload.Bits.Count)
        {
            throw new ArgumentException($"the image has {bw * bh} blocks of 8 × 8 pixels, fewer than the {payload.Bits.Count} payload bits", nameof(image));
        }
    }

    public static bool IsSdxl(WatermarkPayload payload) => SameBits(payload, StableDiffusionPayloads.Sdxl.Payload);

    /// <summary>The known payload with these bits, or an anonymous one named by its hex.</summary>
    public static KnownSdPayload Known(WatermarkPayload payload)
    {
        foreach (var k in (IEnumerable<KnownSdPayload>)[.. StableDiffusionPayloads.StableDiffusion, StableDiffusionPayloads.FakeLensTest])
        {
            if (SameBits(payload, k.Payload))
            {
                return k;
            }
        }

        return new KnownSdPayload(payload.ToHex(), "the given payload", payload);
    }

    private static bool SameBits(WatermarkPayload a, WatermarkPayload b)
    {
        if (a.Bits.Count != b.Bits.Count)
        {
            return false;
        }

        for (var i = 0; i < a.Bits.Count; i++)
        {
            if (a.Bits[i] != b.Bits[i])
            {
                return false;
            }
        }

        return true;
    }
}
