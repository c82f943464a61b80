using FakeLens.Core.Detection;
using FakeLens.Imaging.Decoding;
using FakeLens.Learning.Image;
using FakeLens.Video.Reading;
using FakeLens.Video.Temporal;

namespace FakeLens.Learning.Video;

// Per-video features for the learned video fusion ("video-frames" v1). Frames: 2 fps over at most the first 16 s
// (32 frames), long side ≤ 640 px, from the same FrameReader the scan uses. Families:
//  - learned AI-image model per frame (default-image-v1): mean, max, min, std and 75th percentile of the calibrated
//    probability — the frame detector's evidence, summarised without assuming frames are independent;
//  - temporal change: mean and spread of the mean absolute luma difference between consecutive samples, and
//    luma flicker (std of the frame means) — generated clips move smoothly and often "breathe";
//  - sensor noise: high-pass residual (luma minus its 3×3 box mean) standard deviation per frame, its mean and
//    coefficient of variation over frames, and the correlation of residuals of consecutive frames (camera noise is
//    independent frame to frame; decoder-smoothed or generated texture is not) — after Lukáš, Fridrich & Goljan
//    2006 (PRNU residuals) and the temporal-noise cue of Chen et al. 2008, simplified;
//  - sharpness: mean gradient magnitude per frame, mean and coefficient of variation;
//  - colour: mean and spread of saturation (McCloskey & Albright 2019 for still images). Kept as the confound
//    baseline: `eval video` reports a model on saturation alone beside the full model;
//  - v2: temporal consistency of consecutive frames (Video/Temporal/TemporalConsistency: optical-flow-warped change
//    against texture, motion smoothness, high-frequency flicker, residual correlation), from a second pass at the
//    clip's own rate capped at 8 fps over the first 4 s, ≤ 256 px — about generation, not grading.
//  - v3: the AI-image model's probabilities aggregated by top-k and in log-odds (ai_p_top3, ai_logit_mean, share of
//    frames above 0.5); temporal noise after motion compensation (TemporalConsistency v3: res_fc_corr, res_fc_gain,
//    tdiff2_ratio); a frequency fingerprint of the frames (Video/Temporal/FrameSpectrum: spec_hf, spec_slope,
//    spec_peak) from the same 2-fps frames.
// Face cues (FakeLens.Faces) are not in this version: the face analyser is not referenced by this library yet.
public sealed class VideoFeatures
{
    public const string FeatureSetId = "video-frames";
    public const int Version = 3;
    public const double TemporalFramesPerSecond = 8;
    public const double TemporalSeconds = 4;
    public const double FramesPerSecond = 2;
    public const double MaxSeconds = 16;
    public const int MaxLongSide = 640;

    private readonly Lazy<LearnedImageModel> _imageModel;

    public VideoFeatures(Func<LearnedImageModel>? imageModel = null)
    {
        _imageModel = new Lazy<LearnedImageModel>(imageModel ?? LearnedImageModel.LoadDefault);
    }

    public static IReadOnlyList<string> Names { get; } =
    [
        "ai_p_mean", "ai_p_max", "ai_p_min", "ai_p_std", "ai_p_q75",
        "diff_mean", "diff_std", "flicker",
        "noise_mean", "noise_cv", "noise_tcorr",
        "sharp_mean", "sharp_cv",
        "sat_mean", "sat_std",
        .. TemporalConsistency.Names,
        "ai_p_top3", "ai_logit_mean", "ai_p_frac",
        .. FrameSpectrum.Names,
    ];

    /// <summary>Feature families, for measuring each alone and together (`eval video --columns`).</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> Groups { get; } = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
    {
        ["ai-image"] = ["ai_p_mean", "ai_p_max", "ai_p_min", "ai_p_std", "ai_p_q75", "ai_p_top3", "ai_logit_mean", "ai_p_frac"],
        ["change"] = ["diff_mean", "diff_std", "flicker"],
        ["noise"] = ["noise_mean", "noise_cv", "sharp_mean", "sharp_cv"],
        ["temporal-noise"] = ["noise_tcorr", "noise_tcorr1", "res_fc_corr", "res_fc_gain", "tdiff2_ratio"],
        ["flow"] = ["flow_mag", "warp_err", "warp_err_cv", "flow_accel", "flow_rough", "hf_flicker"],
        ["spectrum"] = [.. FrameSpectrum.Names],
        ["colour"] = ["sat_mean", "sat_std"],
    };

    /// <summary>The confound baseline: colour saturation alone (see the class comment).</summary>
    public static IReadOnlyList<string> BaselineNames { get; } = ["sat_mean"];

    public int Count => Names.Count;

    public float[] Extract(string path, CancellationToken cancellationToken)
    {
        var probe = VideoProber.Probe(path, ScanLimits.Default.MaxPixels, cancellationToken);
        var length = Math.Min(probe.DurationSeconds ?? MaxSeconds, MaxSeconds);
        var size = FrameReader.OutputSize(probe, MaxLongSide);
        var report = new FrameReadReport();
        var p = new List<double>();
        var diffs = new List<double>();
        var means = new List<double>();
        var noise = new List<double>();
        var tcorr = new List<double>();
        var sharp = new List<double>();
        var sat = new List<double>();
        float[]? lastLuma = null;
        float[]? lastResidual = null;
        var spectrum = new FrameSpectrum();
        foreach (var frame in FrameReader.Read(path, new SamplingWindow(0, length), FramesPerSecond, 0, size, report, cancellationToken, reuseBuffer: true))
        {
            var image = frame.Image;
            p.Add(_imageModel.Value.Score(image, cancellationToken).Probability);
            spectrum.Add(image);
            var luma = image.Luma();
            var residual = Residual(luma, image.Width, image.Height);
            means.Add(luma.Average());
            noise.Add(Std(residual));
            sharp.Add(Gradient(luma, image.Width, image.Height));
            sat.Add(Saturation(image));
            if (lastLuma is not null && lastResidual is not null)
            {
                double d = 0;
                for (var i = 0; i < luma.Length; i++)
                {
                    d += Math.Abs(luma[i] - lastLuma[i]);
                }

                diffs.Add(d / luma.Length / 255);
                tcorr.Add(Correlation(residual, lastResidual));
            }

            lastLuma = luma;
            lastResidual = residual;
        }

        if (p.Count == 0)
        {
            throw new MediaException($"no frame could be decoded from {path}") { Code = "corrupt" };
        }

        var temporal = Temporal(path, probe, cancellationToken);
        var sorted = p.Order().ToList();
        return
        [
            (float)p.Average(), (float)sorted[^1], (float)sorted[0], (float)Std(p), (float)sorted[(int)(0.75 * (sorted.Count - 1))],
            (float)Mean(diffs), (float)Std(diffs), (float)(Std(means) / 255),
            (float)(noise.Average() / 255), (float)Cv(noise), (float)Mean(tcorr),
            (float)(sharp.Average() / 255), (float)Cv(sharp),
            (float)sat.Average(), (float)Std(sat),
            .. temporal,
            (float)sorted.TakeLast(3).Average(), (float)p.Select(Logit).Average(), (float)(p.Count(v => v > 0.5) / (double)p.Count),
            .. spectrum.Features(),
        ];
    }

    /// <summary>Temporal-consistency features from consecutive frames (the clip's rate, at most 8 fps, first 4 s).</summary>
    public static float[] Temporal(string path, VideoProbe probe, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(probe);
        var rate = Math.Min(TemporalFramesPerSecond, probe.AverageFrameRate is > 0 and var r ? r : TemporalFramesPerSecond);
        var length = Math.Min(probe.DurationSeconds ?? TemporalSeconds, TemporalSeconds);
        var size = FrameReader.OutputSize(probe, TemporalConsistency.MaxLongSide);
        using var temporal = new TemporalConsistency();
        foreach (var frame in FrameReader.Read(path, new SamplingWindow(0, length), rate, 0, size, new FrameReadReport(), cancellationToken, reuseBuffer: true))
        {
            temporal.Add(frame.Image);
        }

        return temporal.Features();
    }

    private static float[] Residual(float[] y, int w, int h)
    {
        var r = new float[y.Length];
        for (var row = 1; row < h - 1; row++)
        {
            for (var col = 1; col < w - 1; col++)
            {
                var i = (row * w) + col;
                var box = (y[i - w - 1] + y[i - w] + y[i - w + 1] + y[i - 1] + y[i] + y[i + 1] + y[i + w - 1] + y[i + w] + y[i + w + 1]) / 9f;
                r[i] = y[i] - box;
            }
        }

        return r;
    }

    private static double Gradient(float[] y, int w, int h)
    {
        double sum = 0;
        long n = 0;
        for (var row = 0; row < h - 1; row++)
        {
            for (var col = 0; col < w - 1; col++)
            {
                var i = (row * w) + col;
                sum += Math.Abs(y[i + 1] - y[i]) + Math.Abs(y[i + w] - y[i]);
                n++;
            }
        }

        return n == 0 ? 0 : sum / n;
    }

    private static double Saturation(RgbImage image)
    {
        var px = image.Pixels;
        double sum = 0;
        var n = 0;
        for (var i = 0; i < px.Length; i += 3 * 7)
        {
            int max = Math.Max(px[i], Math.Max(px[i + 1], px[i + 2]));
            int min = Math.Min(px[i], Math.Min(px[i + 1], px[i + 2]));
            sum += max == 0 ? 0 : (max - min) / (double)max;
            n++;
        }

        return n == 0 ? 0 : sum / n;
    }

    private static double Correlation(float[] a, float[] b)
    {
        double sa = 0, sb = 0, saa = 0, sbb = 0, sab = 0;
        for (var i = 0; i < a.Length; i++)
        {
            sa += a[i];
            sb += b[i];
            saa += a[i] * a[i];
            sbb += b[i] * b[i];
            sab += a[i] * b[i];
        }

        var n = a.Length;
        var cov = (sab / n) - (sa / n * sb / n);
        var va = (saa / n) - (sa / n * sa / n);
        var vb = (sbb / n) - (sb / n * sb / n);
        return va <= 1e-12 || vb <= 1e-12 ? 0 : cov / Math.Sqrt(va * vb);
    }

    private static double Logit(double p)
    {
        var q = Math.Clamp(p, 1e-4, 1 - 1e-4);
        return Math.Log(q / (1 - q));
    }

    private static double Mean(List<double> v) => v.Count == 0 ? 0 : v.Average();

    private static double Std(IReadOnlyCollection<double> v)
    {
        if (v.Count < 2)
        {
            return 0;
        }

        var m = v.Average();
        return Math.Sqrt(v.Sum(x => (x - m) * (x - m)) / v.Count);
    }

    private static double Std(float[] v)
    {
        double s = 0, ss = 0;
        foreach (var x in v)
        {
            s += x;
            ss += x * x;
        }

        var m = s / v.Length;
        return Math.Sqrt(Math.Max(0, (ss / v.Length) - (m * m)));
    }

    private static double Cv(List<double> v)
    {
        var m = Mean(v);
        return m <= 1e-9 ? 0 : Std(v) / m;
    }
}
