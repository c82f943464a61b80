using FakeLens.Audio.Cues;
using FakeLens.Audio.Dsp;

namespace FakeLens.Audio.Features;

/// <summary>
/// Two feature families added to the utterance vector in <c>speech-utterance</c> v2 (issue 14, fourth round), both
/// computed from the 1 kHz band powers that <see cref="SpeechFrames"/> already measures, so they cost almost nothing:
/// <list type="bullet">
/// <item><b>Sub-band above 4 kHz</b> (14 values): the level of each 1 kHz band 4–8 kHz relative to 0–4 kHz (mean, sd
/// over speech frames), the 4–8 kHz spectral flatness (mean, sd) and the mean frame-to-frame change of each high band.
/// Tak, Patino, Nautsch, Evans and Todisco (2020, "Spoofing attack detection using the non-linear fusion of sub-band
/// classifiers") found the 4–8 kHz sub-band the most informative for ASVspoof 2019 LA; neural vocoders fill it with
/// smoother, less time-varying noise than a voice does.</item>
/// <item><b>Long-term modulation spectrum</b> (40 values): for each of the eight 1 kHz bands, the share of the band's
/// log-energy trajectory power in the 1–4, 4–8, 8–16, 16–32 and 32–50 Hz modulation ranges, over 1.28 s windows (hop
/// 0.64 s) holding at least half speech frames. After Wu, Chng and Li (2012, "Detecting converted speech and natural
/// speech for anti-spoofing attack in speaker recognition", modulation features) and the temporal-envelope analyses of
/// vocoded speech: acoustic models over-smooth trajectories, vocoders add frame-rate ripple. Shares, not levels, so
/// loudness and channel gain drop out.</item>
/// </list>
/// What each family did on leave-one-system-out is in docs/speech.md.
/// </summary>
public static class SpectroTemporalFeatures
{
    public const int ModulationWindow = 128;
    public const int ModulationHop = 64;

    private static readonly (int Lo, int Hi)[] ModulationRanges = [(1, 4), (4, 8), (8, 16), (16, 32), (32, 50)];

    public static IReadOnlyList<string> SubBandNames { get; } = BuildSubBandNames();

    public static IReadOnlyList<string> ModulationNames { get; } = BuildModulationNames();

    /// <summary>The sub-band values for the given speech frames (<paramref name="use"/>, ascending).</summary>
    public static void SubBand(SpeechFrames frames, IReadOnlyList<int> use, Span<float> into)
    {
        ArgumentNullException.ThrowIfNull(frames);
        ArgumentNullException.ThrowIfNull(use);
        const int b0 = SpeechFrames.Bands / 2;
        const int high = SpeechFrames.Bands - b0;
        Span<double> sum = stackalloc double[high];
        Span<double> sq = stackalloc double[high];
        Span<double> change = stackalloc double[high];
        Span<double> previous = stackalloc double[high];
        double flat = 0, flatSq = 0;
        var changes = 0;
        var last = -2;
        foreach (var t in use)
        {
            double low = 0;
            for (var b = 0; b < b0; b++)
            {
                low += Math.Pow(10, frames.BandDb[(t * SpeechFrames.Bands) + b] / 10);
            }

            var lowDb = 10 * Math.Log10(low + 1e-20);
            for (var b = 0; b < high; b++)
            {
                var rel = Math.Clamp(frames.BandDb[(t * SpeechFrames.Bands) + b0 + b] - lowDb, -80, 40);
                sum[b] += rel;
                sq[b] += rel * rel;
                if (last == t - 1)
                {
                    change[b] += Math.Abs(rel - previous[b]);
                }

                previous[b] = rel;
            }

            if (last == t - 1)
            {
                changes++;
            }

            last = t;
            flat += frames.HighFlatness[t];
            flatSq += frames.HighFlatness[t] * frames.HighFlatness[t];
        }

        var n = Math.Max(1, use.Count);
        for (var b = 0; b < high; b++)
        {
            var mean = sum[b] / n;
            into[2 * b] = (float)mean;
            into[(2 * b) + 1] = (float)Math.Sqrt(Math.Max(0, (sq[b] / n) - (mean * mean)));
            into[(2 * high) + 2 + b] = changes == 0 ? 0 : (float)(change[b] / changes);
        }

        var fm = flat / n;
        into[2 * high] = (float)fm;
        into[(2 * high) + 1] = (float)Math.Sqrt(Math.Max(0, (flatSq / n) - (fm * fm)));
    }

    /// <summary>The modulation shares for frames [<paramref name="from"/>, <paramref name="to"/>).</summary>
    public static void Modulation(SpeechFrames frames, int from, int to, Span<float> into)
    {
        ArgumentNullException.ThrowIfNull(frames);
        var n = to - from;
        var starts = new List<int>();
        for (var s = from; s + ModulationWindow <= to; s += ModulationHop)
        {
            var speech = 0;
            for (var t = s; t < s + ModulationWindow; t++)
            {
                speech += frames.Speech[t] ? 1 : 0;
            }

            if (speech * 2 >= ModulationWindow)
            {
                starts.Add(s);
            }
        }

        if (starts.Count == 0)
        {
            for (var s = from; s + ModulationWindow <= to; s += ModulationHop)
            {
                starts.Add(s);
            }
        }

        if (starts.Count == 0 && n > 0)
        {
            starts.Add(from); // shorter than one window: one zero-padded window
        }

        var fft = new Fft(ModulationWindow);
        var window = Windows.Hann(ModulationWindow);
        var re = new double[ModulationWindow];
        var im = new double[ModulationWindow];
        var binHz = 1 / (SpeechFrames.HopSeconds * ModulationWindow);
        var power = new double[ModulationRanges.Length];
        for (var b = 0; b < SpeechFrames.Bands; b++)
        {
            Array.Clear(power);
            var peak = -200.0;
            for (var t = from; t < to; t++)
            {
                peak = Math.Max(peak, frames.BandDb[(t * SpeechFrames.Bands) + b]);
            }

            var floor = peak - 80;
            foreach (var s in starts)
            {
                var len = Math.Min(ModulationWindow, to - s);
                double mean = 0;
                for (var i = 0; i < len; i++)
                {
                    mean += Math.Max(floor, frames.BandDb[((s + i) * SpeechFrames.Bands) + b]);
                }

                mean /= Math.Max(1, len);
                Array.Clear(im);
                for (var i = 0; i < ModulationWindow; i++)
                {
                    re[i] = i < len ? (Math.Max(floor, frames.BandDb[((s + i) * SpeechFrames.Bands) + b]) - mean) * window[i] : 0;
                }

                fft.Forward(re, im);
                for (var k = 1; k <= ModulationWindow / 2; k++)
                {
                    var hz = k * binHz;
                    for (var r = 0; r < ModulationRanges.Length; r++)
                    {
                        if (hz >= ModulationRanges[r].Lo && hz < ModulationRanges[r].Hi)
                        {
                            power[r] += (re[k] * re[k]) + (im[k] * im[k]);
                        }
                    }
                }
            }

            double total = 0;
            foreach (var p in power)
            {
                total += p;
            }

            for (var r = 0; r < ModulationRanges.Length; r++)
            {
                into[(b * ModulationRanges.Length) + r] = total > 1e-12 ? (float)(10 * Math.Log10((power[r] / total) + 1e-6)) : -60f;
            }
        }
    }

    private static List<string> BuildSubBandNames()
    {
        var names = new List<string>();
        for (var b = SpeechFrames.Bands / 2; b < SpeechFrames.Bands; b++)
        {
            names.Add($"subband.{b}k_rel_db_mean");
            names.Add($"subband.{b}k_rel_db_std");
        }

        names.Add("subband.flatness_4_8k_mean");
        names.Add("subband.flatness_4_8k_std");
        for (var b = SpeechFrames.Bands / 2; b < SpeechFrames.Bands; b++)
        {
            names.Add($"subband.{b}k_change_db");
        }

        return names;
    }

    private static List<string> BuildModulationNames()
    {
        var names = new List<string>();
        for (var b = 0; b < SpeechFrames.Bands; b++)
        {
            foreach (var (lo, hi) in ModulationRanges)
            {
                names.Add($"modulation.{b}k.{lo}_{hi}hz");
            }
        }

        return names;
    }
}
