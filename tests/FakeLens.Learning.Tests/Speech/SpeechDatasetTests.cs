using FakeLens.Learning.Speech;

namespace FakeLens.Learning.Tests.Speech;

public sealed class SpeechDatasetTests
{
    [Theory]
    [InlineData("real/ljspeech", "LJ001-0001.wav", "lj")]
    [InlineData("vits-demo/synthetic", "ss_03_vits.wav", "lj")]
    [InlineData("vits-demo/synthetic", "as_02_noflow.wav", "lj")]
    [InlineData("vits-demo/real", "ms_02_gt.wav", "vctk")]
    [InlineData("vits-demo/synthetic", "vc_01_04.wav", "vctk")]
    [InlineData("real/librispeech", "1034-121119-0000.flac", "libri-1034")]
    [InlineData("real/fsdd", "7_theo_24.wav", "fsdd-theo")]
    [InlineData("real/speechbrain", "spk2_snt4.wav", "sb-spk2")]
    [InlineData("synthetic/classic-tts", "flite_03_slt.wav", "tts-flite-slt")]
    public void Voice_group_follows_the_data_sets_naming(string folder, string file, string group) =>
        Assert.Equal(group, SpeechDataset.VoiceGroup(folder, "/data/" + folder + "/" + file));

    [Fact]
    public void Matched_voices_of_the_shared_data_hold_both_classes()
    {
        var samples = SpeechDataset.Collect(
            [TestSupport.TestData.Path("audio", "matched", "vits-demo", "real")],
            [TestSupport.TestData.Path("audio", "matched", "vits-demo", "synthetic")]);
        Assert.All(samples, s => Assert.True(s.IsMatched));
        Assert.Equal("vits-demo", samples[0].Family);
        foreach (var voice in new[] { "lj", "vctk" })
        {
            Assert.Contains(samples, s => s.Group == voice && s.IsFake);
            Assert.Contains(samples, s => s.Group == voice && !s.IsFake);
        }
    }
}
