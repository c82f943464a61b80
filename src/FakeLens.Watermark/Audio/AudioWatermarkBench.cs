using System.Diagnostics;
using System.Globalization;
using System.Text;
using FakeLens.Audio.Decoding;

namespace FakeLens.Watermark.Audio;

/// <summary>
/// Robustness benchmark of <see cref="FakeLensAudioWatermark"/>: marks real speech clips (short clips of one folder
/// are joined until they last at least 4 s), applies each attack, and reports per attack the mean payload bit
/// accuracy, the share detected at p ≤ 10⁻⁶ and the median p-value, plus the mark's SNR, embed/detect speed, and
/// the smallest p-value seen on unmarked clips, random 3 s crops of them and marked clips read with a wrong key.
/// Codec attacks need <c>ffmpeg</c>; without it those rows say so. Hosts below 16 kHz are coded at 16 kHz (MP3 at
/// 8 kHz cannot reach 128 kbit/s).
/// </summary>
public sealed class AudioWatermarkBench
{
    private const double MinHostSeconds = 4.0;
    private const double MaxHostSeconds = 30.0;

    private readonly FakeLensAudioWatermark _mark = new();

    /// <summary>Audio files to use as hosts (WAV; other formats through ffmpeg).</summary>
    public required IReadOnlyList<string> Files { get; init; }

    /// <summary>Seed for payloads, noise and crop positions.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Random 3 s crops of each unmarked host used for the false-positive measurement.</summary>
    public int CropsPerHost { get; init; } = 4;

    public string Run(TextWriter? progress = null, CancellationToken cancellationToken = default)
    {
        var hasFfmpeg = FfmpegCodec.IsAvailable();
        var hosts = LoadHosts(hasFfmpeg, cancellationToken);
        if (hosts.Count == 0)
        {
            throw new InvalidOperationException("no usable audio host among the given files");
        }

        var random = new Random(Seed);
        var attacks = Attacks(random);
        var results = attacks.ToDictionary(a => a.Name, _ => new List<(double Accuracy, double P)>());
        var snrs = new List<double>();
        double seconds = 0, embedTime = 0, detectTime = 0;
        var unmarkedMinP = 1.0;
        var unmarkedChecks = 0;
        var unmarkedFalse = 0;
        var wrongKeyMinP = 1.0;
        var wrongKey = WatermarkKey.FromPassphrase("not-the-fakelens-key");
        foreach (var (name, samples, rate) in hosts)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var bytes = new byte[2];
            random.NextBytes(bytes);
            var payload = WatermarkPayload.FromBytes(bytes);
            var misses = new List<string>();
            var watch = Stopwatch.StartNew();
            var marked = _mark.Embed(samples, rate, payload, cancellationToken);
            embedTime += watch.Elapsed.TotalSeconds;
            seconds += samples.Length / (double)rate;
            snrs.Add(Snr(samples, marked));

            watch.Restart();
            var clean = _mark.Detect(marked, rate, null, cancellationToken);
            detectTime += watch.Elapsed.TotalSeconds;
            wrongKeyMinP = Math.Min(wrongKeyMinP, _mark.Detect(marked, rate, wrongKey, cancellationToken).PValue);

            foreach (var unmarked in UnmarkedViews(samples, rate, random))
            {
                var d = _mark.Detect(unmarked, rate, null, cancellationToken);
                unmarkedChecks++;
                unmarkedMinP = Math.Min(unmarkedMinP, d.PValue);
                unmarkedFalse += d.State == WatermarkState.Marked ? 1 : 0;
            }

            foreach (var attack in attacks)
            {
                WatermarkDetection detection;
                if (attack.Name == "none")
                {
                    detection = clean;
                }
                else if (attack.NeedsFfmpeg && !hasFfmpeg)
                {
                    continue;
                }
                else
                {
                    var (attacked, attackedRate) = attack.Apply(marked, rate);
                    detection = _mark.Detect(attacked, attackedRate, null, cancellationToken);
                }

                results[attack.Name].Add((Accuracy(payload, detection), detection.PValue));
                if (detection.State != WatermarkState.Marked)
                {
                    misses.Add($"{attack.Name} (p {detection.PValue:0.0E+0})");
                }
            }

            progress?.WriteLine($"{name} ({rate} Hz, {samples.Length / (double)rate:0.0} s): SNR {snrs[^1]:0.0} dB, clean p {clean.PValue:0.0E+0}{(misses.Count > 0 ? "; missed after " + string.Join(", ", misses) : "")}");
        }

        return Table(attacks, results, snrs, hosts.Count, seconds, embedTime, detectTime, unmarkedChecks, unmarkedFalse, unmarkedMinP, wrongKeyMinP, hasFfmpeg);
    }

    private static string Table(
        IReadOnlyList<AudioAttack> attacks,
        Dictionary<string, List<(double Accuracy, double P)>> results,
        List<double> snrs,
        int hosts,
        double seconds,
        double embedTime,
        double detectTime,
        int unmarkedChecks,
        int unmarkedFalse,
        double unmarkedMinP,
        double wrongKeyMinP,
        bool hasFfmpeg)
    {
        var c = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.AppendLine(c, $"FakeLens audio watermark (16-bit payload) on {hosts} real speech clips, {seconds:0} s in all; mark SNR mean {snrs.Average():0.0} dB, min {snrs.Min():0.0} dB.");
        sb.AppendLine();
        sb.AppendLine("| attack | clips | payload bit accuracy | detected (p ≤ 1e-6) | median p | mark SNR (dB) |");
        sb.AppendLine("|---|---:|---:|---:|---:|---:|");
        foreach (var attack in attacks)
        {
            var rows = results[attack.Name];
            if (rows.Count == 0)
            {
                sb.AppendLine(c, $"| {attack.Name} | 0 | {(hasFfmpeg ? "n/a" : "ffmpeg missing")} | | | |");
                continue;
            }

            var ps = rows.Select(r => r.P).Order().ToArray();
            sb.AppendLine(c, $"| {attack.Name} | {rows.Count} | {rows.Average(r => r.Accuracy):0.000} | {rows.Count(r => r.P <= FakeLensAudioWatermark.MarkedThreshold) / (double)rows.Count:0.00} | {ps[ps.Length / 2]:0.0E+0} | {snrs.Average():0.0} |");
        }

        sb.AppendLine();
        sb.AppendLine(c, $"Speed (one core): embed {seconds / Math.Max(1e-9, embedTime):0}× real time, detect {seconds / Math.Max(1e-9, detectTime):0}× real time.");
        sb.AppendLine(c, $"False positives: {unmarkedFalse} of {unmarkedChecks} unmarked clips and 3 s crops reported marked; smallest p-value {unmarkedMinP:0.0E+0}; marked clips read with a wrong key: smallest p {wrongKeyMinP:0.0E+0}.");
        return sb.ToString();
    }

    private static IEnumerable<float[]> UnmarkedViews(float[] samples, int rate, Random random)
    {
        yield return samples;
        var crop = 3 * rate;
        if (samples.Length <= crop)
        {
            yield break;
        }

        for (var i = 0; i < 4; i++)
        {
            var start = random.Next(0, samples.Length - crop);
            yield return samples.AsSpan(start, crop).ToArray();
        }
    }

    private static double Accuracy(WatermarkPayload payload, WatermarkDetection detection)
    {
        if (detection.DecodedBits.Count != payload.Bits.Count)
        {
            return 0.5;
        }

        var same = 0;
        for (var i = 0; i < payload.Bits.Count; i++)
        {
            same += payload.Bits[i] == detection.DecodedBits[i] ? 1 : 0;
        }

        return same / (double)payload.Bits.Count;
    }

    /// <summary>Mark SNR in dB: host energy over the energy of (marked − host).</summary>
    public static double Snr(ReadOnlySpan<float> host, ReadOnlySpan<float> marked)
    {
        double eh = 0, em = 0;
        for (var i = 0; i < host.Length; i++)
        {
            eh += (double)host[i] * host[i];
            var d = (double)marked[i] - host[i];
            em += d * d;
        }

        return em <= 0 ? double.PositiveInfinity : 10 * Math.Log10(eh / em);
    }

    private static List<AudioAttack> Attacks(Random random)
    {
        var noiseSeed = random.Next();
        var cropSeed = random.Next();
        var noise = new Random(noiseSeed);
        var crops = new Random(cropSeed);
        return
        [
            new("none", false, (x, r) => (x, r)),
            new("MP3 128 kbit/s", true, (x, r) => Codec(x, r, "mp3", 128)),
            new("MP3 64 kbit/s", true, (x, r) => Codec(x, r, "mp3", 64)),
            new("AAC 64 kbit/s", true, (x, r) => Codec(x, r, "aac", 64)),
            new("resample → 16 kHz → 44.1 kHz", false, (x, r) => (AudioResampler.Resample(AudioResampler.Resample(x, r, 16_000), 16_000, 44_100), 44_100)),
            new("resample → 44.1 kHz → 16 kHz", false, (x, r) => (AudioResampler.Resample(AudioResampler.Resample(x, r, 44_100), 44_100, 16_000), 16_000)),
            new("gain +6 dB (clipped)", false, (x, r) => (AudioAttacks.Gain(x, 6), r)),
            new("gain −6 dB", false, (x, r) => (AudioAttacks.Gain(x, -6), r)),
            new("white noise at 20 dB SNR", false, (x, r) => (AudioAttacks.AddNoise(x, 20, noise), r)),
            new("random 3 s crop", false, (x, r) => (AudioAttacks.Crop(x, 3 * r, crops), r)),
        ];
    }

    private static (float[] Samples, int Rate) Codec(float[] x, int rate, string format, int kbps)
    {
        var codecRate = Math.Max(rate, 16_000);
        var input = codecRate == rate ? x : AudioResampler.Resample(x, rate, codecRate);
        return (FfmpegCodec.RoundTrip(input, codecRate, format, kbps), codecRate);
    }

    private List<(string Name, float[] Samples, int Rate)> LoadHosts(bool hasFfmpeg, CancellationToken cancellationToken)
    {
        var hosts = new List<(string, float[], int)>();
        var pending = new List<float>();
        var pendingRate = 0;
        string? pendingName = null;
        string? pendingFolder = null;
        foreach (var file in Files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            float[] samples;
            int rate;
            try
            {
                if (file.EndsWith(".wav", StringComparison.OrdinalIgnoreCase))
                {
                    var wav = WavIo.Read(File.ReadAllBytes(file), cancellationToken);
                    (samples, rate) = (wav.Samples, wav.SampleRate);
                }
                else if (hasFfmpeg)
                {
                    (samples, rate) = (FfmpegCodec.Decode(File.ReadAllBytes(file), 16_000), 16_000);
                }
                else
                {
                    continue;
                }
            }
            catch (Core.Detection.MediaException)
            {
                continue;
            }

            var folder = Path.GetDirectoryName(file);
            if (pending.Count > 0 && (rate != pendingRate || folder != pendingFolder))
            {
                pending.Clear();
            }

            if (pending.Count == 0)
            {
                pendingName = Path.GetFileName(file);
                pendingRate = rate;
                pendingFolder = folder;
            }

            pending.AddRange(samples.AsSpan(0, (int)Math.Min(samples.Length, MaxHostSeconds * rate)));
            if (pending.Count >= MinHostSeconds * rate)
            {
                hosts.Add((pendingName!, [.. pending], rate));
                pending.Clear();
            }
        }

        return hosts;
    }
}
