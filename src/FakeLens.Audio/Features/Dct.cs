namespace FakeLens.Audio.Features;

/// <summary>Orthonormal DCT-II, as MATLAB's <c>dct</c>: y(k) = w(k) Σ x(n) cos(π(2n+1)k / 2N), w(0) = √(1/N), w(k) = √(2/N).</summary>
internal sealed class Dct
{
    private readonly double[] _basis;
    private readonly int _n;
    private readonly int _outputs;

    public Dct(int n, int outputs)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(n);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(outputs, n);
        _n = n;
        _outputs = outputs;
        _basis = new double[n * outputs];
        for (var k = 0; k < outputs; k++)
        {
            var w = k == 0 ? Math.Sqrt(1.0 / n) : Math.Sqrt(2.0 / n);
            for (var i = 0; i < n; i++)
            {
                _basis[(k * n) + i] = w * Math.Cos(Math.PI * ((2 * i) + 1) * k / (2.0 * n));
            }
        }
    }

    public void Transform(ReadOnlySpan<double> input, Span<float> output)
    {
        for (var k = 0; k < _outputs; k++)
        {
            var row = _basis.AsSpan(k * _n, _n);
            double sum = 0;
            for (var i = 0; i < _n; i++)
            {
                sum += row[i] * input[i];
            }

            output[k] = (float)sum;
        }
    }
}
