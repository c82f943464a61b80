using FakeLens.Imaging.Decoding;
using OpenCvSharp;

namespace FakeLens.Video.Temporal;

/// <summary>
/// Temporal consistency of consecutive frames: how well motion explains the change from one frame to the next, and
/// how smooth that motion is. Method: dense optical flow (Farnebäck 2003, OpenCV: pyramid scale 0.5, 3 levels,
/// window 15, 3 iterations, polynomial n 5 σ 1.2) between consecutive frames downscaled to ≤ 256 px (long side);
/// the earlier frame is warped onto the later one with the flow and the remaining difference is measured against the
/// later frame's own texture (mean gradient). The ideas: generated video is synthesised frame by frame (or in latent
/// chunks) and its fine texture "boils" — it changes where motion does not explain it (Ni et al. 2022 and Bai et
/// al. 2024, AI-video detection through temporal artefacts), and its motion is either unnaturally smooth (interpolated
/// latents) or jerky at chunk boundaries; a camera's change between frames is mostly motion plus independent sensor
/// noise. Parameters chosen for 320-px, 8-fps normalised clips (the training corpus) and kept simple; none fitted.
/// Features (all scale-free):
///  - <c>flow_mag</c>: mean flow magnitude, in image widths per frame (how much moves — a property of the footage);
///  - <c>warp_err</c>: mean |frame − warped previous frame| over the mean gradient of the frame (unexplained change);
///  - <c>warp_err_cv</c>: its coefficient of variation over time (texture that flickers in bursts);
///  - <c>flow_accel</c>: mean |flow(t) − flow(t−1)| over the mean flow magnitude plus 0.05 px (jerky vs smooth motion);
///  - <c>flow_rough</c>: mean spatial gradient of the flow over its mean magnitude plus 0.05 px (incoherent motion);
///  - <c>hf_flicker</c>: standard deviation of the frame-to-frame change of log high-frequency (Laplacian) energy;
///  - <c>noise_tcorr1</c>: correlation of the 3×3 high-pass residuals of consecutive frames (sensor noise is
///    independent frame to frame; re-synthesised or smoothed texture is not).
/// v3 (temporal noise after motion compensation):
///  - <c>res_fc_corr</c>: correlation of the frame's residual with the previous frame's residual warped by the flow —
///    texture that moves with the scene stays correlated, texture that "boils" (re-synthesised each frame) or
///    independent sensor noise does not;
///  - <c>res_fc_gain</c>: res_fc_corr − noise_tcorr1, how much motion compensation explains (large for rigid motion);
///  - <c>tdiff2_ratio</c>: E[(y(t+1) − 2y(t) + y(t−1))²] / E[(y(t+1) − y(t−1))²], the share of temporal change that is
///    high temporal frequency (independent per-frame noise gives 3, smooth motion near 0).
/// </summary>
public sealed class TemporalConsistency : IDisposable
{
    public const int MaxLongSide = 256;
    private const double FlowFloor = 0.05;

    public static IReadOnlyList<string> Names { get; } =
        ["flow_mag", "warp_err", "warp_err_cv", "flow_accel", "flow_rough", "hf_flicker", "noise_tcorr1", "res_fc_corr", "res_fc_gain", "tdiff2_ratio"];

    private readonly List<double> _warpErr = [];
    private readonly List<double> _flowMag = [];
    private readonly List<double> _accel = [];
    private readonly List<double> _rough = [];
    private readonly List<double> _hfDelta = [];
    private readonly List<double> _tcorr = [];
    private readonly List<double> _fcCorr = [];
    private readonly List<double> _tdiff2 = [];
    private Mat? _prev;
    private Mat? _prevPrev;
    private Mat? _prevFlow;
    private Mat? _prevResidual;
    private double _prevLogHf = double.NaN;
    private int _width;

    /// <summary>Pairs of consecutive frames measured so far.</summary>
    public int Pairs => _warpErr.Count;

    /// <summary>Adds the next consecutive frame (frames must be in order and of one size; a size change restarts the chain).</summary>
    public void Add(RgbImage frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var gray = Gray(frame);
        if (_prev is not null && (_prev.Width != gray.Width || _prev.Height != gray.Height))
        {
            Reset();
        }

        using var lap = new Mat();
        Cv2.Laplacian(gray, lap, MatType.CV_32F, 3);
        var hf = Cv2.Mean(lap.Abs()).Val0;
        var logHf = Math.Log(hf + 1e-3);
        using var blur = new Mat();
        Cv2.Blur(gray, blur, new Size(3, 3));
        var residual = new Mat();
        Cv2.Subtract(gray, blur, residual);
        if (_prev is not null && _prevResidual is not null)
        {
            var flow = new Mat();
            Cv2.CalcOpticalFlowFarneback(_prev, gray, flow, 0.5, 3, 15, 3, 5, 1.2, OpticalFlowFlags.None);
            var mag = MeanMagnitude(flow);
            _flowMag.Add(mag / _width);
            using (var map = BackwardMap(flow))
            {
                _warpErr.Add(WarpError(_prev, gray, map));
                using var warpedResidual = new Mat();
                using var none = new Mat();
                Cv2.Remap(_prevResidual, warpedResidual, map, none, InterpolationFlags.Linear, BorderTypes.Replicate);
                using var innerResidual = Inner(residual);
                using var innerWarped = Inner(warpedResidual);
                _fcCorr.Add(Correlation(innerResidual, innerWarped));
            }

            if (_prevPrev is not null)
            {
                _tdiff2.Add(SecondDifferenceRatio(_prevPrev, _prev, gray));
            }

            _rough.Add(FlowGradient(flow) / (mag + FlowFloor));
            if (_prevFlow is not null)
            {
                using var d = new Mat();
                Cv2.Subtract(flow, _prevFlow, d);
                _accel.Add(MeanMagnitude(d) / (mag + FlowFloor));
            }

            _hfDelta.Add(logHf - _prevLogHf);
            _tcorr.Add(Correlation(residual, _prevResidual));
            _prevFlow?.Dispose();
            _prevFlow = flow;
        }

        _prevPrev?.Dispose();
        _prevResidual?.Dispose();
        _prevPrev = _prev;
        _prev = gray;
        _prevResidual = residual;
        _prevLogHf = logHf;
        _width = gray.Width;
    }

    /// <summary>The features (<see cref="Names"/>); NaN when fewer than two pairs of frames were measured.</summary>
    public float[] Features()
    {
        if (_warpErr.Count < 2)
        {
            return [.. Names.Select(_ => float.NaN)];
        }

        var warpMean = _warpErr.Average();
        return
        [
            (float)_flowMag.Average(),
            (float)warpMean,
            (float)(warpMean <= 1e-9 ? 0 : Std(_warpErr) / warpMean),
            _accel.Count == 0 ? float.NaN : (float)_accel.Average(),
            (float)_rough.Average(),
            (float)Std(_hfDelta),
            (float)_tcorr.Average(),
            (float)_fcCorr.Average(),
            (float)(_fcCorr.Average() - _tcorr.Average()),
            _tdiff2.Count == 0 ? float.NaN : (float)_tdiff2.Average(),
        ];
    }

    public void Dispose() => Reset();

    private void Reset()
    {
        _prev?.Dispose();
        _prevPrev?.Dispose();
        _prevFlow?.Dispose();
        _prevResidual?.Dispose();
        _prev = null;
        _prevPrev = null;
        _prevFlow = null;
        _prevResidual = null;
        _prevLogHf = double.NaN;
    }

    private static Mat Gray(RgbImage image)
    {
        using var rgb = new Mat(image.Height, image.Width, MatType.CV_8UC3);
        System.Runtime.InteropServices.Marshal.Copy(image.Pixels, 0, rgb.Data, image.Pixels.Length);
        using var g8 = new Mat();
        Cv2.CvtColor(rgb, g8, ColorConversionCodes.RGB2GRAY);
        var scale = Math.Min(1.0, MaxLongSide / (double)Math.Max(image.Width, image.Height));
        var g = new Mat();
        if (scale < 1)
        {
            using var small = new Mat();
            Cv2.Resize(g8, small, new Size(Math.Max(8, (int)Math.Round(image.Width * scale)), Math.Max(8, (int)Math.Round(image.Height * scale))), 0, 0, InterpolationFlags.Area);
            small.ConvertTo(g, MatType.CV_32F);
        }
        else
        {
            g8.ConvertTo(g, MatType.CV_32F);
        }

        return g;
    }

    private static double MeanMagnitude(Mat flow)
    {
        var parts = Cv2.Split(flow);
        try
        {
            using var mag = new Mat();
            Cv2.Magnitude(parts[0], parts[1], mag);
            return Cv2.Mean(mag).Val0;
        }
        finally
        {
            foreach (var p in parts)
            {
                p.Dispose();
            }
        }
    }

    private static double FlowGradient(Mat flow)
    {
        var parts = Cv2.Split(flow);
        try
        {
            double sum = 0;
            foreach (var p in parts)
            {
                using var gx = new Mat();
                using var gy = new Mat();
                Cv2.Sobel(p, gx, MatType.CV_32F, 1, 0, 3, 0.125);
                Cv2.Sobel(p, gy, MatType.CV_32F, 0, 1, 3, 0.125);
                sum += Cv2.Mean(gx.Abs()).Val0 + Cv2.Mean(gy.Abs()).Val0;
            }

            return sum;
        }
        finally
        {
            foreach (var p in parts)
            {
                p.Dispose();
            }
        }
    }

    private static Mat BackwardMap(Mat flow)
    {
        // Backward warp: the flow maps prev → cur, so sample prev at (x − flow) — a first-order approximation that is
        // exact for locally constant motion, which is what these measures are about.
        var map = new Mat(flow.Size(), MatType.CV_32FC2);
        var w = flow.Width;
        var h = flow.Height;
        var f = new float[w * h * 2];
        System.Runtime.InteropServices.Marshal.Copy(flow.Data, f, 0, f.Length);
        for (var y = 0; y < h; y++)
        {
            for (var x = 0; x < w; x++)
            {
                var i = ((y * w) + x) * 2;
                f[i] = x - f[i];
                f[i + 1] = y - f[i + 1];
            }
        }

        System.Runtime.InteropServices.Marshal.Copy(f, 0, map.Data, f.Length);
        return map;
    }

    // The frame without a 4 % border, where content enters the frame and no flow can explain it.
    private static Mat Inner(Mat m)
    {
        var bx = Math.Max(1, m.Width / 25);
        var by = Math.Max(1, m.Height / 25);
        return new Mat(m, new Rect(bx, by, m.Width - (2 * bx), m.Height - (2 * by)));
    }

    private static double SecondDifferenceRatio(Mat a, Mat b, Mat c)
    {
        using var d2 = new Mat();
        using var twoB = new Mat();
        Cv2.Multiply(b, new Scalar(2), twoB);
        Cv2.Add(a, c, d2);
        Cv2.Subtract(d2, twoB, d2);
        using var d1 = new Mat();
        Cv2.Subtract(c, a, d1);
        using var sq2 = new Mat();
        using var sq1 = new Mat();
        Cv2.Multiply(d2, d2, sq2);
        Cv2.Multiply(d1, d1, sq1);
        var num = Cv2.Mean(sq2).Val0;
        var den = Cv2.Mean(sq1).Val0;
        return Math.Min(4, num / (den + 1e-3));
    }

    private static double WarpError(Mat prev, Mat cur, Mat map)
    {
        var w = map.Width;
        var h = map.Height;
        using var warped = new Mat();
        using var none = new Mat();
        Cv2.Remap(prev, warped, map, none, InterpolationFlags.Linear, BorderTypes.Replicate);
        using var diff = new Mat();
        Cv2.Absdiff(cur, warped, diff);
        // Ignore a 4 % border, where content enters the frame and no flow can explain it.
        var bx = Math.Max(1, w / 25);
        var by = Math.Max(1, h / 25);
        using var inner = new Mat(diff, new Rect(bx, by, w - (2 * bx), h - (2 * by)));
        using var gx = new Mat();
        using var gy = new Mat();
        Cv2.Sobel(cur, gx, MatType.CV_32F, 1, 0, 3, 0.125);
        Cv2.Sobel(cur, gy, MatType.CV_32F, 0, 1, 3, 0.125);
        var grad = Cv2.Mean(gx.Abs()).Val0 + Cv2.Mean(gy.Abs()).Val0;
        return Cv2.Mean(inner).Val0 / (grad + 0.5);
    }

    private static double Correlation(Mat a, Mat b)
    {
        Cv2.MeanStdDev(a, out var ma, out var sa);
        Cv2.MeanStdDev(b, out var mb, out var sb);
        if (sa.Val0 < 1e-6 || sb.Val0 < 1e-6)
        {
            return 0;
        }

        using var prod = new Mat();
        Cv2.Multiply(a, b, prod);
        var cov = Cv2.Mean(prod).Val0 - (ma.Val0 * mb.Val0);
        return cov / (sa.Val0 * sb.Val0);
    }

    private static double Std(List<double> v)
    {
        if (v.Count < 2)
        {
            return 0;
        }

        var m = v.Average();
        return Math.Sqrt(v.Sum(x => (x - m) * (x - m)) / v.Count);
    }
}
