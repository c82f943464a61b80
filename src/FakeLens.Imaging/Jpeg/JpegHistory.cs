using FakeLens.Core.Detection;
using FakeLens.Core.Media;

namespace FakeLens.Imaging.Jpeg;

/// <summary>What the pixel detectors need to know about a JPEG's compression: its estimated quality.</summary>
internal static class JpegHistory
{
    /// <summary>
    /// Estimated quality (IJG 1..100 scale) of the context's JPEG from its luminance quantisation table (shared,
    /// cached <see cref="JpegParser"/> structure); null when the file is not a JPEG or its tables cannot be read.
    /// </summary>
    public static int? Quality(AnalysisContext context, MediaFormat decodedFormat)
    {
        if (decodedFormat != MediaFormat.Jpeg)
        {
            return null;
        }

        try
        {
            var table = JpegParser.Get(context).TableFor(0);
            return table is null ? null : JpegQuality.Estimate(table, chroma: false).Quality;
        }
        catch (MediaException)
        {
            return null;
        }
    }
}
