namespace FakeLens.Audio.Dsp;

/// <summary>
/// Power spectrum |FFT|² of real frames, one FFT size, buffers reused between calls (one instance per thread).
/// Two real frames are transformed with one complex FFT (the first as the real part, the second as the imaginary
/// part, separated by conjugate symmetry), which halves the cost of framewise analysis.
/// </summary>
internal sealed class PowerSpectrum
{
    private readonly Fft _fft;
    private readonly double[] _re;
    private readonly double[] _im;

    public PowerSpectrum(int fftSize)
    {
        _fft = new Fft(fftSize);
        _re = new double[fftSize];
        _im = new double[fftSize];
    }

    public int FftSize => _fft.Size;

    /// <summary>Number of bins from 0 Hz to Nyquist inclusive (N/2 + 1).</summary>
    public int Bins => (_fft.Size / 2) + 1;

    /// <summary>
    /// Power spectra of two windowed frames (each at most <see cref="FftSize"/> long, zero-padded) into
    /// <paramref name="powerA"/> and <paramref name="powerB"/> (<see cref="Bins"/> values each).
    /// </summary>
    public void Compute(ReadOnlySpan<double> frameA, ReadOnlySpan<double> frameB, Span<double> powerA, Span<double> powerB)
    {
        var n = _fft.Size;
        Array.Clear(_re);
        Array.Clear(_im);
        frameA[..Math.Min(n, frameA.Length)].CopyTo(_re);
        frameB[..Math.Min(n, frameB.Length)].CopyTo(_im);
        _fft.Forward(_re, _im);
        var half = n / 2;
        for (var k = 0; k <= half; k++)
        {
            var j = (n - k) & (n - 1);
            // A(k) = (Z(k) + conj Z(N−k)) / 2, B(k) = (Z(k) − conj Z(N−k)) / 2i.
            var ar = 0.5 * (_re[k] + _re[j]);
            var ai = 0.5 * (_im[k] - _im[j]);
            var br = 0.5 * (_im[k] + _im[j]);
            var bi = -0.5 * (_re[k] - _re[j]);
            powerA[k] = (ar * ar) + (ai * ai);
            powerB[k] = (br * br) + (bi * bi);
        }
    }

    /// <summary>Complex spectrum of one windowed frame (bins 0..N/2) into <paramref name="re"/>/<paramref name="im"/>.</summary>
    public void Complex(ReadOnlySpan<double> frame, Span<double> re, Span<double> im)
    {
        var n = _fft.Size;
        Array.Clear(_re);
        Array.Clear(_im);
        frame[..Math.Min(n, frame.Length)].CopyTo(_re);
        _fft.Forward(_re, _im);
        _re.AsSpan(0, Bins).CopyTo(re);
        _im.AsSpan(0, Bins).CopyTo(im);
    }
}
