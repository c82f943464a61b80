using FakeLens.Audio.Decoding;
using FakeLens.Core.Detection;
using FakeLens.Core.Evidence;
using FakeLens.Core.Media;
using FakeLens.Watermark.Audio;

namespace FakeLens.Watermark.Tests.Audio;

public sealed class AudioWatermarkDetectorTests
{
    private readonly AudioWatermarkDetector _detector = new();

    [Fact]
    public async Task Marked_wav_is_decisive_ai_generated_evidence()
    {
        var host = AudioHosts.Real("ljspeech", 4);
        var marked = new FakeLensAudioWatermark().Embed(host.Samples, host.SampleRate, AudioHosts.Payload16);

        var evidence = Assert.Single(await Analyse(WavIo.Write(marked, host.SampleRate), "marked.wav"));

        Assert.Equal("watermark.fakelens-audio", evidence.Id);
        Assert.Equal(EvidenceDirection.AiGenerated, evidence.Direction);
        Assert.True(evidence.Decisive);
        Assert.Equal(1e6, evidence.LikelihoodRatio);
        Assert.Contains(evidence.Facts, f => f.Name == "payload" && f.Value == "0xBEEF");
    }

    [Fact]
    public async Task Unmarked_speech_is_neutral()
    {
        var host = AudioHosts.Real("ljspeech", 5);
        var evidence = Assert.Single(await Analyse(WavIo.Write(host.Samples, host.SampleRate), "real.wav"));

        Assert.Equal(EvidenceDirection.Neutral, evidence.Direction);
        Assert.False(evidence.Decisive);
        Assert.Equal(1.0, evidence.Reliability);
        Assert.Contains("No FakeLens audio watermark", evidence.Title, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Short_clip_cannot_decide_with_zero_reliability()
    {
        var evidence = Assert.Single(await Analyse(WavIo.Write(AudioHosts.SyntheticSpeech(16_000, 1.2), 16_000), "short.wav"));
        Assert.Equal(EvidenceDirection.Neutral, evidence.Direction);
        Assert.Equal(0, evidence.Reliability);
    }

    [Fact]
    public async Task Marked_mp3_is_decoded_through_ffmpeg()
    {
        Assert.True(FfmpegCodec.IsAvailable(), "ffmpeg is required for MP3 input: apt-get install ffmpeg (or set FAKELENS_FFMPEG)");
        var host = AudioHosts.SyntheticSpeech(22_050, 3);
        var marked = new FakeLensAudioWatermark().Embed(host, 22_050, AudioHosts.Payload16);
        var mp3 = FfmpegCodec.Encode(marked, 22_050, "mp3", 128);

        var evidence = Assert.Single(await Analyse(mp3, "marked.mp3"));

        Assert.Equal(EvidenceDirection.AiGenerated, evidence.Direction);
    }

    [Fact]
    public async Task Corrupt_wav_raises_a_media_error()
    {
        var bytes = "RIFF\x10\0\0\0WAVEfmt \x02\0\0\0"u8.ToArray();
        var e = await Assert.ThrowsAnyAsync<MediaException>(async () => await Analyse(bytes, "bad.wav"));
        Assert.Contains("WAV:", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Applies_to_audio_only()
    {
        Assert.True(_detector.AppliesTo(new MediaType(MediaFormat.Wav, MediaKind.Audio, "audio/wav", false, null)));
        Assert.False(_detector.AppliesTo(new MediaType(MediaFormat.Png, MediaKind.Image, "image/png", true, null)));
    }

    private async Task<IReadOnlyList<Evidence>> Analyse(byte[] bytes, string name) =>
        await _detector.AnalyzeAsync(AnalysisContext.FromBytes(bytes, name), CancellationToken.None);
}
