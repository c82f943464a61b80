namespace FakeLens.Watermark;

/// <summary>Binomial tails for "how likely is this many matching bits by chance" (exact, in log space).</summary>
public static class Binomial
{
    /// <summary>P(X ≥ k) for X ~ Binomial(n, p); p defaults to ½ (an unmarked item matches each bit by chance).</summary>
    public static double UpperTail(int n, int k, double p = 0.5)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        if (k <= 0)
        {
            return 1.0;
        }

        if (k > n)
        {
            return 0.0;
        }

        double sum = 0;
        for (var i = k; i <= n; i++)
        {
            sum += Math.Exp(LogChoose(n, i) + (i * Math.Log(p)) + ((n - i) * Math.Log(1 - p)));
        }

        return Math.Min(1.0, sum);
    }

    private static double LogChoose(int n, int k)
    {
        double r = 0;
        for (var i = 1; i <= k; i++)
        {
            r += Math.Log(n - k + i) - Math.Log(i);
        }

        return r;
    }
}
