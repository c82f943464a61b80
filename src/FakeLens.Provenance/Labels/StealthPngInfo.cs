using System.Buffers.Binary;
using SkiaSharp;

namespace FakeLens.Provenance.Labels;

/// <summary>
/// Reads metadata hidden in the least significant bit of the alpha channel ("stealth pnginfo"). Format, as written by
/// NovelAI (NovelAI/novelai-image-metadata, nai_meta_writer.py LSBInjector, and read by nai_meta.py LSBExtractor) and
/// by the AUTOMATIC1111 extension of the same name (read in d3x-at/sd-parsers extractors/stenographic_alpha.py):
/// bits are taken from the alpha LSB column by column (x outer, y inner), most significant bit first; the first 15
/// bytes are the magic <c>stealth_pngcomp</c> (gzip payload) or <c>stealth_pnginfo</c> (plain UTF-8), then a 32-bit
/// big-endian length in bits, then the payload. NovelAI's payload is a JSON object of its PNG text fields
/// (Description, Software, Source, Comment…); the extension's is an AUTOMATIC1111 parameters string.
/// The RGB variants (<c>stealth_rgbinfo</c>/<c>stealth_rgbcomp</c>) are not read.
/// </summary>
internal static class StealthPngInfo
{
    public const string Compressed = "stealth_pngcomp";
    public const string Plain = "stealth_pnginfo";

    private const int MagicLength = 15;
    private const int HeaderBits = (MagicLength + 4) * 8;
    private const int MaxPayload = 16 * 1024 * 1024;
    private const int MaxInflated = 8 * 1024 * 1024;

    /// <summary>Decodes the image with its alpha channel intact (SkiaSharp, unpremultiplied) and reads the hidden payload, if any.</summary>
    public static LabelText? Read(ReadOnlyMemory<byte> file, long maxPixels, List<string> notes, CancellationToken cancellationToken)
    {
        // In a PNG at least HeaderBits rows tall the magic lies in column 0 of the top rows: check it there first,
        // so that the usual RGBA PNG without a payload is not decoded at all.
        if (PngAlphaColumn.Read(file, HeaderBits) is { } column && !HasMagic(column))
        {
            return null;
        }

        if (DecodeAlpha(file.Span, maxPixels) is not var (alpha, width, height))
        {
            return null;
        }

        return Extract(alpha, width, height, notes, cancellationToken);
    }

    /// <summary>Reads the payload from an alpha plane (row-major, <paramref name="width"/> × <paramref name="height"/>).</summary>
    public static LabelText? Extract(byte[] alpha, int width, int height, List<string> notes, CancellationToken cancellationToken)
    {
        var bitCount = (long)width * height;
        if (bitCount < (MagicLength + 4) * 8)
        {
            return null;
        }

        var reader = new BitReader(alpha, width, height);
        Span<byte> magic = stackalloc byte[MagicLength];
        reader.Read(magic);
        bool compressed;
        if (magic.SequenceEqual("stealth_pngcomp"u8))
        {
            compressed = true;
        }
        else if (magic.SequenceEqual("stealth_pnginfo"u8))
        {
            compressed = false;
        }
        else
        {
            return null;
        }

        Span<byte> lengthBytes = stackalloc byte[4];
        reader.Read(lengthBytes);
        var bits = BinaryPrimitives.ReadUInt32BigEndian(lengthBytes);
        var available = (bitCount - ((MagicLength + 4) * 8)) / 8;
        var bytes = bits / 8;
        if (bytes == 0 || bytes > available || bytes > MaxPayload)
        {
            notes.Add($"The alpha channel starts with the {(compressed ? Compressed : Plain)} marker but declares {bytes} bytes, more than the image can hold; ignored.");
            return null;
        }

        var payload = new byte[bytes];
        for (var i = 0; i < payload.Length; i += 4096)
        {
            cancellationToken.ThrowIfCancellationRequested();
            reader.Read(payload.AsSpan(i, Math.Min(4096, payload.Length - i)));
        }

        var place = $"PNG alpha channel ({(compressed ? Compressed : Plain)})";
        if (!compressed)
        {
            return new LabelText(place, "stealth", TextDecoding.Utf8(payload));
        }

        if (BoundedInflater.Gzip(payload, MaxInflated) is not { } inflated)
        {
            notes.Add($"The alpha channel carries the {Compressed} marker but its gzip payload is corrupt or too large.");
            return null;
        }

        return new LabelText(place, "stealth", TextDecoding.Utf8(inflated));
    }

    private static (byte[] Alpha, int Width, int Height)? DecodeAlpha(ReadOnlySpan<byte> file, long maxPixels)
    {
        using var data = SKData.CreateCopy(file);
        using var codec = SKCodec.Create(data);
        if (codec is null || codec.Info.AlphaType == SKAlphaType.Opaque)
        {
            return null;
        }

        var (w, h) = (codec.Info.Width, codec.Info.Height);
        if (w <= 0 || h <= 0 || (long)w * h > maxPixels)
        {
            return null;
        }

        var info = new SKImageInfo(w, h, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        using var bitmap = new SKBitmap();
        if (!bitmap.TryAllocPixels(info))
        {
            return null;
        }

        var result = codec.GetPixels(info, bitmap.GetPixels());
        if (result is not (SKCodecResult.Success or SKCodecResult.IncompleteInput))
        {
            return null;
        }

        var rgba = bitmap.GetPixelSpan();
        var alpha = new byte[w * h];
        for (int i = 0, j = 3; i < alpha.Length; i++, j += 4)
        {
            alpha[i] = rgba[j];
        }

        return (alpha, w, h);
    }

    private static bool HasMagic(byte[] column)
    {
        Span<byte> magic = stackalloc byte[MagicLength];
        for (var i = 0; i < MagicLength * 8; i++)
        {
            magic[i / 8] = (byte)((magic[i / 8] << 1) | (column[i] & 1));
        }

        return magic.SequenceEqual("stealth_pngcomp"u8) || magic.SequenceEqual("stealth_pnginfo"u8);
    }

    /// <summary>Reads bits column by column from the alpha plane's least significant bits.</summary>
    private sealed class BitReader(byte[] alpha, int width, int height)
    {
        private int _x;
        private int _y;

        public void Read(Span<byte> into)
        {
            for (var i = 0; i < into.Length; i++)
            {
                var value = 0;
                for (var b = 0; b < 8; b++)
                {
                    var bit = _x < width ? alpha[(_y * width) + _x] & 1 : 0;
                    value = (value << 1) | bit;
                    if (++_y == height)
                    {
                        _y = 0;
                        _x++;
                    }
                }

                into[i] = (byte)value;
            }
        }
    }
}
