namespace FakeLens.Imaging.Jpeg;

/// <summary>
/// Fits single and double quantisation models to the histograms of the lowest AC frequencies of the luma
/// channel, then scores every 8×8 block by how much its coefficients favour the double model.
/// </summary>
public static class DoubleQuantizationAnalyzer
{
    /// <summary>Zig-zag positions analysed: the first AC frequencies, which survive quantisation in nearly every block.</summary>
    public const int Frequencies = 9;

    /// <summary>Non-zero coefficients a frequency needs before its histogram is trusted.</summary>
    public const int MinNonZero = 300;

    /// <summary>Frequencies that must show double quantisation before the image is called double-compressed.</summary>
    public const int MinSignificantFrequencies = 3;

    /// <summary>
    /// Gain (nats) a frequency needs: an absolute floor plus a share per non-zero coefficient. Measured on 8 Kodak
    /// images: once-compressed files (q50–95) reach at most 0.05 nats per coefficient (Laplacian misfit), files
    /// compressed first at a lower quality (60→90, 80→95, 70→85) at least 0.23.
    /// </summary>
    public const double MinGain = 50;

    public const double MinGainPerCoefficient = 0.1;

    public static DoubleQuantizationResult Analyze(DctCoefficients coefficients, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(coefficients);
        var blocks = coefficients.BlockCount;
        var values = coefficients.Values;
        var fits = new List<QuantizationFit>();
        var histogram = new int[DoubleQuantizationModel.MaxBin + 1];
        var zigzag = JpegParser.ZigZag;
        for (var z = 1; z <= Frequencies; z++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var f = zigzag[z];
            var q2 = coefficients.Table.Values[f];
            if (q2 == 0)
            {
                continue;
            }

            Array.Clear(histogram);
            for (var b = 0; b < blocks; b++)
            {
                var k = Math.Abs((int)values[(b * 64) + f]);
                if (k <= DoubleQuantizationModel.MaxBin)
                {
                    histogram[k]++;
                }
            }

            fits.Add(DoubleQuantizationModel.Fit(f, q2, histogram));
        }

        var significant = fits.Where(IsSignificant).ToList();
        var llr = new float[blocks];
        var count = new int[blocks];
        if (significant.Count >= MinSignificantFrequencies)
        {
            ScoreBlocks(coefficients, significant, llr, count, cancellationToken);
        }

        return new DoubleQuantizationResult(fits, significant, coefficients.BlocksWide, coefficients.BlocksHigh, llr, count);
    }

    public static bool IsSignificant(QuantizationFit fit)
    {
        ArgumentNullException.ThrowIfNull(fit);
        return fit.NonZero >= MinNonZero && fit.Gain >= MinGain && fit.GainPerCoefficient >= MinGainPerCoefficient;
    }

    private static void ScoreBlocks(DctCoefficients coefficients, List<QuantizationFit> fits, float[] llr, int[] count, CancellationToken cancellationToken)
    {
        // Per frequency, a lookup of log(P_double / P_single) for each |k| bin.
        var table = new double[fits.Count][];
        Span<double> single = stackalloc double[DoubleQuantizationModel.MaxBin + 1];
        Span<double> dq = stackalloc double[DoubleQuantizationModel.MaxBin + 1];
        for (var i = 0; i < fits.Count; i++)
        {
            var fit = fits[i];
            DoubleQuantizationModel.Single(fit.CurrentStep, fit.SingleScale, single);
            DoubleQuantizationModel.Double(fit.PreviousStep, fit.CurrentStep, fit.Scale, dq);
            // Bins inside the first quantiser's dead zone (|x| < q1/2) are filled only by re-encoding noise and
            // clipping under double quantisation; smooth or saturated areas put their few non-zero values there, so
            // those bins would make flat sky look "singly compressed". They are left out of the block score.
            var t = new double[DoubleQuantizationModel.MaxBin + 1];
            var deadZone = fit.PreviousStep / (2.0 * fit.CurrentStep);
            for (var j = 1; j <= DoubleQuantizationModel.MaxBin; j++)
            {
                t[j] = j + 0.5 <= deadZone ? 0 : Math.Log(dq[j] / single[j]);
            }

            table[i] = t;
        }

        var values = coefficients.Values;
        for (var by = 0; by < coefficients.BlocksHigh; by++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            for (var bx = 0; bx < coefficients.BlocksWide; bx++)
            {
                var b = (by * coefficients.BlocksWide) + bx;
                double sum = 0;
                var n = 0;
                for (var i = 0; i < fits.Count; i++)
                {
                    var k = Math.Abs((int)values[(b * 64) + fits[i].Index]);
                    if (k is >= 1 and <= DoubleQuantizationModel.MaxBin)
                    {
                        sum += table[i][k];
                        n++;
                    }
                }

                llr[b] = (float)sum;
                count[b] = n;
            }
        }
    }
}
