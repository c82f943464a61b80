using FakeLens.Imaging.Decoding;
using OpenCvSharp;

namespace FakeLens.Video.Temporal;

/// <summary>
/// Frequency fingerprint of a clip's frames: the luma power spectrum of the central square (≤ 256 px, the frame's
/// own pixel grid, no resampling; Hann window), averaged over the frames added. Generators decode from a latent
/// grid (often ×8 upsampling) and render texture with a different spectral fall-off than optics and sensors; still-image
/// detectors use the same idea (Durall et al. 2020, Frank et al. 2020, Corvi et al. 2023). Video coding and any
/// resizing blur these traces, so the features are measured, not assumed. Features (scale-free):
///  - <c>spec_hf</c>: share of the power above half the Nyquist frequency (of the power above 5 % of it) —
///    fine detail; also what any upscaling removes, so it is a resolution cue as much as a generation cue;
///  - <c>spec_slope</c>: slope of log power against log frequency between 10 % and 50 % of Nyquist (natural
///    images ≈ −2);
///  - <c>spec_peak</c>: the strongest isolated peak above a quarter of Nyquist: log10 of the largest ratio of a
///    frequency's power to the median power of its ring (periodic upsampling traces make such peaks).
/// </summary>
public sealed class FrameSpectrum
{
    public const int MaxSide = 256;
    private const int Rings = 48;

    public static IReadOnlyList<string> Names { get; } = ["spec_hf", "spec_slope", "spec_peak"];

    private double[]? _power;
    private int _side;
    private int _frames;

    /// <summary>Frames added so far (a frame of another size than the first is skipped).</summary>
    public int Frames => _frames;

    public void Add(RgbImage frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var side = Math.Min(MaxSide, Math.Min(frame.Width, frame.Height)) & ~1;
        if (side < 32 || (_power is not null && side != _side))
        {
            return;
        }

        _side = side;
        _power ??= new double[side * side];
        var x0 = (frame.Width - side) / 2;
        var y0 = (frame.Height - side) / 2;
        var px = frame.Pixels;
        var data = new float[side * side];
        var window = new double[side];
        for (var i = 0; i < side; i++)
        {
            window[i] = 0.5 - (0.5 * Math.Cos(2 * Math.PI * i / (side - 1)));
        }

        double mean = 0;
        for (var y = 0; y < side; y++)
        {
            for (var x = 0; x < side; x++)
            {
                var o = (((y0 + y) * frame.Width) + x0 + x) * 3;
                var l = (0.299 * px[o]) + (0.587 * px[o + 1]) + (0.114 * px[o + 2]);
                data[(y * side) + x] = (float)l;
                mean += l;
            }
        }

        mean /= data.Length;
        for (var y = 0; y < side; y++)
        {
            for (var x = 0; x < side; x++)
            {
                var i = (y * side) + x;
                data[i] = (float)((data[i] - mean) * window[y] * window[x]);
            }
        }

        using var input = new Mat(side, side, MatType.CV_32FC1);
        System.Runtime.InteropServices.Marshal.Copy(data, 0, input.Data, data.Length);
        using var spectrum = new Mat();
        Cv2.Dft(input, spectrum, DftFlags.ComplexOutput);
        var c = new float[side * side * 2];
        System.Runtime.InteropServices.Marshal.Copy(spectrum.Data, c, 0, c.Length);
        for (var i = 0; i < side * side; i++)
        {
            _power[i] += ((double)c[2 * i] * c[2 * i]) + ((double)c[(2 * i) + 1] * c[(2 * i) + 1]);
        }

        _frames++;
    }

    /// <summary>The features (<see cref="Names"/>); NaN before any frame was added.</summary>
    public float[] Features()
    {
        if (_power is null || _frames == 0)
        {
            return [.. Names.Select(_ => float.NaN)];
        }

        var n = _side;
        var half = n / 2.0;
        var ringValues = new List<double>[Rings];
        for (var r = 0; r < Rings; r++)
        {
            ringValues[r] = [];
        }

        double hf = 0, all = 0;
        for (var ky = 0; ky < n; ky++)
        {
            var fy = ky <= n / 2 ? ky : ky - n;
            for (var kx = 0; kx < n; kx++)
            {
                var fx = kx <= n / 2 ? kx : kx - n;
                var radius = Math.Sqrt((fx * fx) + (fy * fy)) / half;
                if (radius > 1)
                {
                    continue;
                }

                var p = _power[(ky * n) + kx] / _frames;
                if (radius > 0.05)
                {
                    all += p;
                    if (radius > 0.5)
                    {
                        hf += p;
                    }
                }

                ringValues[Math.Min(Rings - 1, (int)(radius * Rings))].Add(p);
            }
        }

        var xs = new List<double>();
        var ys = new List<double>();
        double peak = 0;
        for (var r = 0; r < Rings; r++)
        {
            var ring = ringValues[r];
            if (ring.Count < 8)
            {
                continue;
            }

            ring.Sort();
            var median = ring[ring.Count / 2];
            var centre = (r + 0.5) / Rings;
            if (centre is >= 0.1 and <= 0.5)
            {
                xs.Add(Math.Log(centre));
                ys.Add(Math.Log(ring.Average() + 1e-12));
            }

            if (centre > 0.25 && median > 0)
            {
                peak = Math.Max(peak, Math.Log10(ring[^1] / median));
            }
        }

        return [(float)(all <= 0 ? 0 : hf / all), (float)Slope(xs, ys), (float)peak];
    }

    private static double Slope(List<double> x, List<double> y)
    {
        if (x.Count < 2)
        {
            return double.NaN;
        }

        var mx = x.Average();
        var my = y.Average();
        double sxy = 0, sxx = 0;
        for (var i = 0; i < x.Count; i++)
        {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
        }

        return sxx <= 0 ? double.NaN : sxy / sxx;
    }
}
