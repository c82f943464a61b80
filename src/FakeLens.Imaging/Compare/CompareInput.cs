using FakeLens.Core.Detection;
using FakeLens.Imaging.Decoding;


namespace FakeLens.Imaging.Compare;

/// <summary>One side of a comparison: pixels, a name to print, and the JPEG quality read from the file's tables (null when not a JPEG).</summary>
public sealed record CompareInput(RgbImage Image, string Name, int? JpegQuality = null, long Bytes = 0)
{
    /// <summary>Decodes <paramref name="bytes"/> and reads its luminance quantisation table when it is a JPEG.</summary>
    /// <exception cref="MediaException">The bytes are not a decodable image.</exception>
    public static CompareInput FromBytes(byte[] bytes, string name, long maxPixels = 100_000_000)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        var decoded = ImageDecoder.Decode(bytes, maxPixels);
        return new CompareInput(decoded.Image, name, ReadJpegQuality(bytes), bytes.Length);
    }

    /// <summary>The IJG-equivalent quality of the first component's table, or null when the bytes are not a JPEG.</summary>
    public static int? ReadJpegQuality(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        if (bytes.Length < 4 || bytes[0] != 0xFF || bytes[1] != 0xD8)
        {
            return null;
        }

        try
        {
            var table = Jpeg.JpegParser.Parse(bytes).TableFor(0);
            return table is null ? null : Jpeg.JpegQuality.Estimate(table, chroma: false).Quality;
        }
        catch (MediaException)
        {
            return null;
        }
    }
}
