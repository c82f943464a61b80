using FakeLens.Audio.Decoding;
using FakeLens.Watermark.Audio;

namespace FakeLens.Watermark.Tests.Audio;

public sealed class FakeLensAudioWatermarkTests
{
    private readonly FakeLensAudioWatermark _mark = new();

    [Fact]
    public void Synthetic_host_round_trip_decodes_payload_at_30_dB_or_more()
    {
        var host = AudioHosts.SyntheticSpeech(44_100, 5);
        var marked = _mark.Embed(host, 44_100, AudioHosts.Payload16);

        Assert.True(AudioWatermarkBench.Snr(host, marked) >= 30, $"SNR {AudioWatermarkBench.Snr(host, marked):0.0} dB");
        var d = _mark.Detect(marked, 44_100, null);
        Assert.Equal(WatermarkState.Marked, d.State);
        Assert.Equal("0xBEEF", new WatermarkPayload(d.DecodedBits).ToHex());
        Assert.True(d.PValue <= 1e-6);
    }

    [Fact]
    public void Real_speech_round_trip_carries_32_bits_with_a_given_key()
    {
        var host = AudioHosts.Real("ljspeech", 0);
        var key = WatermarkKey.FromPassphrase("newsroom test key");
        var marked = _mark.Embed(host.Samples, host.SampleRate, AudioHosts.Payload32, key);

        Assert.True(AudioWatermarkBench.Snr(host.Samples, marked) >= 30);
        var d = _mark.Detect(marked, host.SampleRate, key);
        Assert.Equal(WatermarkState.Marked, d.State);
        Assert.Equal("0x1234ABCD", new WatermarkPayload(d.DecodedBits).ToHex());
        Assert.True(d.BitAccuracy > 0.9, $"coded bit accuracy {d.BitAccuracy:0.00}");
    }

    [Fact]
    public void Wrong_key_reports_not_marked_with_its_p_value()
    {
        var host = AudioHosts.Real("ljspeech", 3);
        var marked = _mark.Embed(host.Samples, host.SampleRate, AudioHosts.Payload16);

        var d = _mark.Detect(marked, host.SampleRate, WatermarkKey.FromPassphrase("someone else"));
        Assert.Equal(WatermarkState.NotMarked, d.State);
        Assert.True(d.PValue > 1e-6);
        Assert.Contains("p =", d.Explanation, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ljspeech", 2)]
    [InlineData("speechbrain", 0)]
    public void Unmarked_real_speech_is_not_marked(string folder, int index)
    {
        var host = AudioHosts.Real(folder, index);
        var d = _mark.Detect(host.Samples, host.SampleRate, null);
        Assert.Equal(WatermarkState.NotMarked, d.State);
        Assert.True(d.PValue > 1e-3, $"p = {d.PValue}");
    }

    [Theory]
    [InlineData("gain+6")]
    [InlineData("gain-6")]
    [InlineData("noise20")]
    [InlineData("resample16k")]
    [InlineData("resample44k")]
    [InlineData("crop3s")]
    public void Mark_survives_signal_attacks(string attack)
    {
        var host = AudioHosts.Real("ljspeech", 0);
        var rate = host.SampleRate;
        var marked = _mark.Embed(host.Samples, rate, AudioHosts.Payload16);
        var random = new Random(3);
        var (attacked, attackedRate) = attack switch
        {
            "gain+6" => (AudioAttacks.Gain(marked, 6), rate),
            "gain-6" => (AudioAttacks.Gain(marked, -6), rate),
            "noise20" => (AudioAttacks.AddNoise(marked, 20, random), rate),
            "resample16k" => (AudioResampler.Resample(marked, rate, 16_000), 16_000),
            "resample44k" => (AudioResampler.Resample(marked, rate, 44_100), 44_100),
            _ => (AudioAttacks.Crop(marked, 3 * rate, random), rate),
        };

        var d = _mark.Detect(attacked, attackedRate, null);
        Assert.Equal(WatermarkState.Marked, d.State);
        Assert.Equal("0xBEEF", new WatermarkPayload(d.DecodedBits).ToHex());
    }

    [Fact]
    public void Mark_survives_mp3_at_64_kbits_through_ffmpeg()
    {
        Assert.True(FfmpegCodec.IsAvailable(), "ffmpeg is required for the codec test: apt-get install ffmpeg (or set FAKELENS_FFMPEG)");
        var host = AudioHosts.Real("ljspeech", 3);
        var marked = _mark.Embed(host.Samples, host.SampleRate, AudioHosts.Payload16);

        var decoded = FfmpegCodec.RoundTrip(marked, host.SampleRate, "mp3", 64);

        var d = _mark.Detect(decoded, host.SampleRate, null);
        Assert.Equal(WatermarkState.Marked, d.State);
        Assert.Equal("0xBEEF", new WatermarkPayload(d.DecodedBits).ToHex());
    }

    [Fact]
    public void Short_or_silent_audio_cannot_decide_and_cannot_carry()
    {
        var shortClip = _mark.Detect(AudioHosts.SyntheticSpeech(16_000, 1.5), 16_000, null);
        Assert.Equal(WatermarkState.CannotDecide, shortClip.State);
        Assert.Contains("at least 2 s", shortClip.Explanation, StringComparison.Ordinal);

        var silent = _mark.Detect(AudioHosts.Silence(16_000, 4), 16_000, null);
        Assert.Equal(WatermarkState.CannotDecide, silent.State);
        Assert.Contains("silent", silent.Explanation, StringComparison.Ordinal);

        var e = Assert.Throws<ArgumentException>(() => _mark.Embed(AudioHosts.Silence(16_000, 4), 16_000, AudioHosts.Payload16));
        Assert.Contains("silent", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => _mark.Embed(AudioHosts.SyntheticSpeech(16_000, 1), 16_000, AudioHosts.Payload16));
    }

    [Fact]
    public void Payload_must_be_16_or_32_bits()
    {
        var e = Assert.Throws<ArgumentException>(() => _mark.Embed(AudioHosts.SyntheticSpeech(16_000, 3), 16_000, WatermarkPayload.Parse("0xAB")));
        Assert.Contains("16 or 32 bits", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Maximum_likelihood_code_corrects_a_quarter_of_flipped_soft_bits()
    {
        var code = new AudioPayloadCode(128, 42);
        var coded = code.Encode(0xC0DE);
        var random = new Random(1);
        var soft = new double[128];
        for (var j = 0; j < soft.Length; j++)
        {
            soft[j] = (coded[j] ? -1 : 1) * (0.5 + random.NextDouble());
        }

        foreach (var j in Enumerable.Range(0, 128).OrderBy(_ => random.Next()).Take(32))
        {
            soft[j] = -soft[j];
        }

        Assert.Equal(0xC0DE, code.Decode(soft).Info);
    }

    [Fact]
    public void Resampler_keeps_a_1_kHz_tone_and_removes_one_above_the_new_nyquist()
    {
        const int rate = 44_100;
        var tone = new float[rate];
        var high = new float[rate];
        for (var i = 0; i < rate; i++)
        {
            tone[i] = (float)(0.5 * Math.Sin(2 * Math.PI * 1000 * i / rate));
            high[i] = (float)(0.5 * Math.Sin(2 * Math.PI * 10_000 * i / rate));
        }

        var down = AudioResampler.Resample(tone, rate, 16_000);
        var gone = AudioResampler.Resample(high, rate, 16_000);

        Assert.Equal(16_000, down.Length);
        Assert.Equal(0.5 / Math.Sqrt(2), Rms(down.AsSpan(1000, 14_000)), 2);
        Assert.True(Rms(gone.AsSpan(1000, 14_000)) < 0.005, $"alias RMS {Rms(gone.AsSpan(1000, 14_000))}");
    }

    private static double Rms(ReadOnlySpan<float> x)
    {
        double s = 0;
        foreach (var v in x)
        {
            s += v * v;
        }

        return Math.Sqrt(s / x.Length);
    }
}
