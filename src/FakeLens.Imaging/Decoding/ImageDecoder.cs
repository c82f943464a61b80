using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using FakeLens.Core.Detection;
using FakeLens.Core.Media;
using SkiaSharp;

namespace FakeLens.Imaging.Decoding;

/// <summary>
/// Decodes images with SkiaSharp (libjpeg-turbo, libpng, libwebp, giflib) behind one narrow seam. The header
/// is read first and the image refused before any pixel memory is allocated when width × height exceeds
/// <see cref="ScanLimits.MaxPixels"/> — a 30 000 × 30 000 PNG of a few kilobytes costs nothing.
/// </summary>
public static class ImageDecoder
{
    /// <summary>Cache key under which the decoded image is kept in an <see cref="AnalysisContext"/>.</summary>
    public const string CacheKey = "imaging.decoded";

    /// <summary>The decoded image of the context's file, decoded once and shared by every detector.</summary>
    public static DecodedImage Get(AnalysisContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var decoded = context.GetOrCreate(CacheKey, c => Decode(c.Bytes, c.Limits.MaxPixels, c.Media.Format));
        context.PixelSize = (decoded.Image.Width, decoded.Image.Height);
        return decoded;
    }

    /// <summary>Reads only the header: width and height, or null when the bytes are not a decodable image.</summary>
    public static (int Width, int Height)? Probe(ReadOnlyMemory<byte> bytes)
    {
        using var data = SKData.CreateCopy(bytes.Span);
        using var codec = SKCodec.Create(data);
        return codec is null ? null : (codec.Info.Width, codec.Info.Height);
    }

    public static DecodedImage Decode(ReadOnlyMemory<byte> bytes, long maxPixels, MediaFormat format = MediaFormat.Unknown)
    {
        if (format is MediaFormat.Heic or MediaFormat.Avif or MediaFormat.Tiff)
        {
            throw new MediaException($"Pixel analysis of {format.ToString().ToUpperInvariant()} images is not supported yet; convert to PNG or JPEG to analyse the pixels.")
            {
                Code = "unsupported",
                AffectsWholeFile = false,
            };
        }

        using var data = SKData.CreateCopy(bytes.Span);
        using var stream = new SKMemoryStream(data);
        using var codec = SKCodec.Create(stream, out var createResult);
        if (codec is null)
        {
            throw new MediaException($"The image data is corrupt or incomplete and cannot be decoded ({Describe(createResult)}).") { Code = "corrupt" };
        }

        var info = codec.Info;
        var pixels = (long)info.Width * info.Height;
        if (info.Width <= 0 || info.Height <= 0)
        {
            throw new MediaException("The image declares no pixels (zero width or height).") { Code = "corrupt" };
        }

        if (pixels > maxPixels)
        {
            throw new MediaException($"The image declares {info.Width} × {info.Height} pixels ({pixels / 1e6:0.#} MP), above the limit of {maxPixels / 1e6:0.#} MP; it was not decoded (raise --max-pixels to analyse it).")
            {
                Code = "too-large",
            };
        }

        var target = new SKImageInfo(info.Width, info.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        using var bitmap = new SKBitmap();
        if (!bitmap.TryAllocPixels(target))
        {
            throw new MediaException($"Not enough memory to decode {info.Width} × {info.Height} pixels.") { Code = "too-large" };
        }

        var result = codec.GetPixels(target, bitmap.GetPixels());
        var incomplete = result is SKCodecResult.IncompleteInput or SKCodecResult.ErrorInInput;
        if (result is not (SKCodecResult.Success or SKCodecResult.IncompleteInput or SKCodecResult.ErrorInInput))
        {
            throw new MediaException($"The image data cannot be decoded ({Describe(result)}).") { Code = "corrupt" };
        }

        var rgba = bitmap.GetPixelSpan();
        var rgb = new byte[info.Width * info.Height * 3];
        var hasAlpha = info.AlphaType != SKAlphaType.Opaque;
        ToRgb(rgba, rgb, incomplete);

        var detected = codec.EncodedFormat switch
        {
            SKEncodedImageFormat.Jpeg => MediaFormat.Jpeg,
            SKEncodedImageFormat.Png => MediaFormat.Png,
            SKEncodedImageFormat.Webp => MediaFormat.WebP,
            SKEncodedImageFormat.Gif => MediaFormat.Gif,
            SKEncodedImageFormat.Bmp => MediaFormat.Bmp,
            _ => format,
        };
        return new DecodedImage(new RgbImage(info.Width, info.Height, rgb), detected, incomplete, hasAlpha, Math.Max(1, codec.FrameCount));
    }

    /// <summary>
    /// RGBA (unpremultiplied) to RGB: opaque pixels copied, translucent ones composited on white, and what a truncated
    /// file never delivered (alpha 0 when <paramref name="incomplete"/>) mid-grey. Issue 19 (round 10): four pixels at a
    /// time where SSSE3 is present when all four are opaque (one shuffle drops the alpha bytes), the others through
    /// <see cref="ToRgbScalar"/> — the same bytes by construction (test).
    /// </summary>
    internal static void ToRgb(ReadOnlySpan<byte> rgba, Span<byte> rgb, bool incomplete)
    {
        int i = 0, j = 0;
        if (Ssse3.IsSupported)
        {
            var drop = Vector128.Create(0, 1, 2, 4, 5, 6, 8, 9, 10, 12, 13, 14, 0x80, 0x80, 0x80, (byte)0x80);
            ref var src = ref MemoryMarshal.GetReference(rgba);
            ref var dst = ref MemoryMarshal.GetReference(rgb);

            // The 16-byte store writes 4 bytes past the 4 pixels; the next pixels overwrite them, so stop while they are inside.
            for (; i + 16 <= rgba.Length && j + 16 <= rgb.Length; i += 16, j += 12)
            {
                var v = Vector128.LoadUnsafe(ref src, (nuint)i);
                if ((Vector128.Equals(v, Vector128<byte>.AllBitsSet).ExtractMostSignificantBits() & 0x8888) != 0x8888)
                {
                    ToRgbScalar(rgba.Slice(i, 16), rgb.Slice(j, 12), incomplete);
                    continue;
                }

                Ssse3.Shuffle(v, drop).StoreUnsafe(ref dst, (nuint)j);
            }
        }

        ToRgbScalar(rgba[i..], rgb[j..], incomplete);
    }

    /// <summary>The per-pixel form of <see cref="ToRgb"/> (the reference of its test).</summary>
    internal static void ToRgbScalar(ReadOnlySpan<byte> rgba, Span<byte> rgb, bool incomplete)
    {
        for (int i = 0, j = 0; j < rgb.Length; i += 4, j += 3)
        {
            var a = rgba[i + 3];
            if (a == 0 && incomplete)
            {
                // Skia leaves what a truncated file never delivered transparent: show it mid-grey, not as white content.
                rgb[j] = rgb[j + 1] = rgb[j + 2] = 128;
            }
            else if (a == 255)
            {
                rgb[j] = rgba[i];
                rgb[j + 1] = rgba[i + 1];
                rgb[j + 2] = rgba[i + 2];
            }
            else
            {
                // Composite on white, as viewers show transparent images.
                var inv = 255 - a;
                rgb[j] = (byte)(((rgba[i] * a) + (255 * inv) + 127) / 255);
                rgb[j + 1] = (byte)(((rgba[i + 1] * a) + (255 * inv) + 127) / 255);
                rgb[j + 2] = (byte)(((rgba[i + 2] * a) + (255 * inv) + 127) / 255);
            }
        }
    }

    private static string Describe(SKCodecResult r) => r switch
    {
        SKCodecResult.IncompleteInput => "the data ends early",
        SKCodecResult.ErrorInInput => "the data has errors",
        SKCodecResult.InvalidInput => "the data is not a valid image",
        SKCodecResult.Unimplemented => "this variant of the format is not supported",
        SKCodecResult.CouldNotRewind => "the decoder could not rewind",
        _ => r.ToString(),
    };
}
