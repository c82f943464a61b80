using System.IO.Compression;

namespace FakeLens.Provenance.Labels;

/// <summary>
/// Decompresses zlib (PNG zTXt/iTXt) and gzip (stealth_pngcomp) data with a hard cap on the output and on the
/// expansion ratio, so a bomb costs nothing.
/// </summary>
internal static class BoundedInflater
{
    /// <summary>
    /// Largest expansion (inflated ÷ compressed bytes) accepted once the output passes <see cref="RatioFloor"/>. Text
    /// and JSON metadata inflate 3–20×; deflate's ceiling is about 1032×, reached only by long runs of one byte, i.e. bombs.
    /// </summary>
    public const int MaxRatio = 100;

    /// <summary>Output size below which the ratio is not checked (small, very repetitive texts are harmless).</summary>
    public const int RatioFloor = 1024 * 1024;

    /// <summary>
    /// The inflated bytes, or null when the data is corrupt, would exceed <paramref name="maxOutput"/>, or expands more
    /// than <see cref="MaxRatio"/> times beyond <see cref="RatioFloor"/>.
    /// </summary>
    public static byte[]? Zlib(ReadOnlySpan<byte> data, int maxOutput) => Inflate(data.ToArray(), maxOutput, gzip: false);

    /// <inheritdoc cref="Zlib"/>
    public static byte[]? Gzip(ReadOnlySpan<byte> data, int maxOutput) => Inflate(data.ToArray(), maxOutput, gzip: true);

    private static byte[]? Inflate(byte[] data, int maxOutput, bool gzip)
    {
        try
        {
            using var input = new MemoryStream(data, writable: false);
            using Stream z = gzip ? new GZipStream(input, CompressionMode.Decompress) : new ZLibStream(input, CompressionMode.Decompress);
            using var output = new MemoryStream();
            var buffer = new byte[16 * 1024];
            int n;
            while ((n = z.Read(buffer, 0, buffer.Length)) > 0)
            {
                if (output.Length + n > maxOutput)
                {
                    return null;
                }

                output.Write(buffer, 0, n);
                if (output.Length > RatioFloor && output.Length > (long)MaxRatio * data.Length)
                {
                    return null;
                }
            }

            return output.ToArray();
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException)
        {
            // IOException: zlib's own errors (ZLibException), e.g. a stream asking for a preset dictionary; the
            // same gap fuzzing found in PngAlphaColumn.
            return null;
        }
    }
}
