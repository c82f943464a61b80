namespace FakeLens.Audio.Dsp;

/// <summary>Analysis windows, as MATLAB defines them (the reference feature code is MATLAB).</summary>
public static class Windows
{
    /// <summary>Symmetric Hamming window, MATLAB <c>hamming(n)</c>: 0.54 − 0.46 cos(2πi/(n−1)).</summary>
    public static double[] Hamming(int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(n);
        var w = new double[n];
        for (var i = 0; i < n; i++)
        {
            w[i] = n == 1 ? 1 : 0.54 - (0.46 * Math.Cos(2 * Math.PI * i / (n - 1)));
        }

        return w;
    }

    /// <summary>Periodic Hann window (for STFT analysis/synthesis with 75 % overlap).</summary>
    public static double[] Hann(int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(n);
        var w = new double[n];
        for (var i = 0; i < n; i++)
        {
            w[i] = 0.5 - (0.5 * Math.Cos(2 * Math.PI * i / n));
        }

        return w;
    }
}
