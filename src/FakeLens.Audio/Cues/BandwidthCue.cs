using FakeLens.Audio.Dsp;

namespace FakeLens.Audio.Cues;

/// <summary>
/// The spectrum's top at the file's own rate. A long-term average power spectrum (Hann frames of about 40 ms,
/// half overlap, loud frames only: within 40 dB of the loudest) gives the level of the bands above 4, 8 and
/// 11 kHz relative to 0.1–4 kHz, and a search for a spectral cliff: for cut-offs from 3.5 kHz up to 95 % of
/// Nyquist in 250 Hz steps, the mean level 0.25–1 kHz below the cut-off minus the mean level 0.25–2 kHz above it.
/// Natural speech and microphone noise fall gently; a resampler's anti-aliasing filter or a vocoder trained at
/// 16–24 kHz leaves a cliff of 20 dB or more (22.05 kHz VITS output upsampled to 48 kHz: 20 dB at 10.7 kHz, −57 dB above 11 kHz). When that cliff lies well below the file's Nyquist frequency, the
/// audio was made at a lower rate and put into a larger container — a fact about origin (a 16 kHz TTS voice in a
/// 44.1 kHz file), not proof of synthesis: phone recordings and low-bit-rate encoders cut the top too.
/// </summary>
public sealed record BandwidthCue(int SampleRate, double Above4kDb, double Above8kDb, double Above11kDb, double CliffHz, double CliffDropDb, double AboveCliffDb)
{
    public const double MinCliffDb = 20;
    public const double MaxAboveCliffDb = -50;

    /// <summary>A cliff of ≥ 20 dB within about a kilohertz with the band above ≥ 50 dB below the voice, well under Nyquist (&lt; 80 %).</summary>
    public bool HasEmptyTop => CliffDropDb >= MinCliffDb && AboveCliffDb <= MaxAboveCliffDb && CliffHz < 0.8 * SampleRate / 2;

    /// <summary>The rate at which the content was probably made (twice the cliff, rounded to a common rate).</summary>
    public int LikelyContentRate
    {
        get
        {
            int[] rates = [8000, 11025, 16000, 22050, 24000, 32000, 44100, 48000];
            var want = 2 * CliffHz;
            return rates.OrderBy(r => Math.Abs(r - want)).First();
        }
    }

    public static BandwidthCue Measure(ReadOnlySpan<float> samples, int sampleRate, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleRate, 8000);
        var n = 256;
        while (n < sampleRate / 25)
        {
            n <<= 1;
        }

        var hop = n / 2;
        var window = Windows.Hann(n);
        var fft = new Fft(n);
        var re = new double[n];
        var im = new double[n];
        var bins = (n / 2) + 1;
        var frames = Math.Max(1, ((samples.Length - n) / hop) + 1);
        var energies = new double[frames];
        for (var f = 0; f < frames; f++)
        {
            double e = 0;
            var start = f * hop;
            for (var i = 0; i < n && start + i < samples.Length; i++)
            {
                e += samples[start + i] * samples[start + i];
            }

            energies[f] = e;
        }

        var loudest = energies.Max();
        var sum = new double[bins];
        var used = 0;
        for (var f = 0; f < frames; f++)
        {
            if (loudest <= 0 || energies[f] < loudest * 1e-4)
            {
                continue;
            }

            if ((f & 255) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            var start = f * hop;
            for (var i = 0; i < n; i++)
            {
                re[i] = start + i < samples.Length ? samples[start + i] * window[i] : 0;
                im[i] = 0;
            }

            fft.Forward(re, im);
            for (var k = 0; k < bins; k++)
            {
                sum[k] += (re[k] * re[k]) + (im[k] * im[k]);
            }

            used++;
        }

        var binHz = sampleRate / (double)n;
        var nyquist = sampleRate / 2.0;
        double Level(double fromHz, double toHz)
        {
            var a = Math.Max(0, (int)Math.Ceiling(fromHz / binHz));
            var b = Math.Min(bins - 1, (int)Math.Floor(toHz / binHz));
            if (b < a || used == 0)
            {
                return -200;
            }

            double s = 0;
            for (var k = a; k <= b; k++)
            {
                s += sum[k];
            }

            return 10 * Math.Log10((s / (b - a + 1) / used) + 1e-30);
        }

        var reference = Level(100, Math.Min(4000, nyquist));
        double Relative(double fromHz) => fromHz >= nyquist - binHz ? double.NaN : Level(fromHz, nyquist) - reference;

        var bestDrop = 0.0;
        var bestCut = nyquist;
        var bestAbove = 0.0;
        for (var cut = 3500.0; cut <= 0.95 * nyquist - 250; cut += 250)
        {
            var below = Level(cut - 1000, cut - 250);
            var above = Level(cut + 250, Math.Min(cut + 2000, nyquist));
            if (below - above > bestDrop)
            {
                bestDrop = below - above;
                bestCut = cut;
                bestAbove = Level(cut + 250, nyquist) - reference; // the whole top, not just the band next to the cut
            }
        }

        // The search window is 1 kHz wide; place the edge where the level first falls 20 dB below the band under the cut.
        if (bestDrop > 0 && bestCut < nyquist)
        {
            var below = Level(bestCut - 1000, bestCut - 250);
            var k = (int)Math.Ceiling((bestCut - 1000) / binHz);
            var stop = Math.Min(bins - 2, (int)Math.Floor((bestCut + 250) / binHz));
            while (k < stop && 10 * Math.Log10((((sum[k - 1] + sum[k] + sum[k + 1]) / 3 / Math.Max(1, used)) + 1e-30)) >= below - 20)
            {
                k++;
            }

            bestCut = k * binHz;
        }

        return new BandwidthCue(sampleRate, Relative(4000), Relative(8000), Relative(11025), bestCut, bestDrop, bestAbove);
    }
}
