namespace FakeLens.Imaging.Jpeg;

/// <summary>
/// Estimates the IJG quality setting from a quantisation table by comparing it with the Annex K example
/// tables scaled as libjpeg does (<c>jpeg_quality_scaling</c>, baseline-clamped to 1..255). Tables that match
/// exactly were written by an IJG-derived encoder; tables that do not match come from cameras, Photoshop or
/// other encoders, and the quality is then only the nearest equivalent.
/// </summary>
public static class JpegQuality
{
    private static ReadOnlySpan<byte> Luminance =>
    [
        16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55,
        14, 13, 16, 24, 40, 57, 69, 56, 14, 17, 22, 29, 51, 87, 80, 62,
        18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113, 92,
        49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99,
    ];

    private static ReadOnlySpan<byte> Chrominance =>
    [
        17, 18, 24, 47, 99, 99, 99, 99, 18, 21, 26, 66, 99, 99, 99, 99,
        24, 26, 56, 99, 99, 99, 99, 99, 47, 66, 99, 99, 99, 99, 99, 99,
        99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99,
        99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99,
    ];

    /// <summary>The IJG table (natural order) for <paramref name="quality"/> 1..100.</summary>
    public static ushort[] StandardTable(int quality, bool chroma)
    {
        var q = Math.Clamp(quality, 1, 100);
        var scale = q < 50 ? 5000 / q : 200 - (2 * q);
        var basis = chroma ? Chrominance : Luminance;
        var t = new ushort[64];
        for (var i = 0; i < 64; i++)
        {
            t[i] = (ushort)Math.Clamp(((basis[i] * scale) + 50) / 100, 1, 255);
        }

        return t;
    }

    /// <summary>Estimates the quality of <paramref name="table"/>, read as a luminance or chrominance table.</summary>
    public static JpegQualityEstimate Estimate(QuantizationTable table, bool chroma)
    {
        ArgumentNullException.ThrowIfNull(table);
        var best = 50;
        var bestError = double.MaxValue;
        for (var q = 1; q <= 100; q++)
        {
            var std = StandardTable(q, chroma);
            double error = 0;
            for (var i = 0; i < 64; i++)
            {
                error += Math.Abs(std[i] - table.Values[i]);
            }

            // Ties go to the higher quality (several settings near 100 share tables of ones).
            if (error <= bestError)
            {
                bestError = error;
                best = q;
            }
        }

        return new JpegQualityEstimate(best, bestError / 64, bestError == 0);
    }
}
