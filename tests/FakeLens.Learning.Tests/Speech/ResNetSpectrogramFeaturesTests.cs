using FakeLens.Audio.Augmentation;
using FakeLens.Audio.Decoding;
using FakeLens.Audio.Features;
using FakeLens.Learning.Speech;

namespace FakeLens.Learning.Tests.Speech;

public sealed class ResNetSpectrogramFeaturesTests
{
    private const int Rate = ResNetSpectrogramFeatures.SampleRate;

    private static float[] Tone(double hz, double seconds, double amplitude = 0.3) =>
        Enumerable.Range(0, (int)(Rate * seconds)).Select(i => (float)(amplitude * Math.Sin(2 * Math.PI * hz * i / Rate))).ToArray();

    private static float[] Noise(double seconds, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, (int)(Rate * seconds)).Select(_ => (float)(0.3 * ((random.NextDouble() * 2) - 1))).ToArray();
    }

    private static double Distance(float[] a, float[] b) => Math.Sqrt(a.Zip(b, (x, y) => (double)(x - y) * (x - y)).Sum());

    private static double Norm(float[] a) => Math.Sqrt(a.Sum(x => (double)x * x));

    [Fact]
    public void Block_has_512_named_finite_values_and_is_deterministic()
    {
        Assert.Equal(512, ResNetSpectrogramFeatures.Count);
        Assert.Equal(512, ResNetSpectrogramFeatures.Names.Count);
        Assert.Equal(512, ResNetSpectrogramFeatures.Names.Distinct().Count());
        Assert.All(ResNetSpectrogramFeatures.Names, n => Assert.StartsWith("resnet-spec.pool.", n, StringComparison.Ordinal));

        var x = Noise(3.5, 1);
        var a = ResNetSpectrogramFeatures.Compute(x);
        var b = ResNetSpectrogramFeatures.Compute(x);
        Assert.Equal(512, a.Length);
        Assert.All(a, v => Assert.True(float.IsFinite(v)));
        Assert.Equal(a, b);
        Assert.True(Norm(a) > 0);
    }

    [Fact]
    public void A_pure_tone_and_white_noise_give_different_vectors_and_two_noises_nearly_the_same()
    {
        var tone = ResNetSpectrogramFeatures.Compute(Tone(1000, 3));
        var noise1 = ResNetSpectrogramFeatures.Compute(Noise(3, 1));
        var noise2 = ResNetSpectrogramFeatures.Compute(Noise(3, 2));
        var toneVsNoise = Distance(tone, noise1);
        var noiseVsNoise = Distance(noise1, noise2);
        Assert.True(toneVsNoise > 0.2 * Norm(noise1), $"tone vs noise {toneVsNoise:0.00}, |noise| {Norm(noise1):0.00}");
        Assert.True(noiseVsNoise < 0.25 * toneVsNoise, $"noise vs noise {noiseVsNoise:0.00}, tone vs noise {toneVsNoise:0.00}");
    }

    [Fact]
    public void Image_puts_a_1_kHz_tone_on_its_row_and_spans_0_to_255()
    {
        var crop = Tone(1000, 2.5).AsSpan(0, ResNetSpectrogramFeatures.CropSamples);
        var image = ResNetSpectrogramFeatures.Image(crop);
        Assert.Equal(224 * 224, image.Length);
        var rowMeans = Enumerable.Range(0, 224).Select(r => image.Skip(r * 224).Take(224).Average()).ToArray();
        var brightest = Array.IndexOf(rowMeans, rowMeans.Max());
        // Row 223 is 0 Hz, row 0 is 8 kHz: 1 kHz sits at row 223 − 223/8 ≈ 195.
        Assert.InRange(brightest, 194, 197);
        // The rows fall between FFT bins (257 bins onto 224 rows), so the peak row is near, not at, 0 dB.
        Assert.InRange(image.Max(), 230f, 255f);
        Assert.Equal(0f, image.Min());
        Assert.True(rowMeans[50] < 1, $"8 kHz region {rowMeans[50]:0.0}");
    }

    [Fact]
    public void Short_silent_and_empty_clips_give_defined_vectors()
    {
        var silent = ResNetSpectrogramFeatures.Compute(new float[Rate * 3]);
        var empty = ResNetSpectrogramFeatures.Compute([]);
        var shortTone = ResNetSpectrogramFeatures.Compute(Tone(300, 0.3));
        foreach (var v in new[] { silent, empty, shortTone })
        {
            Assert.Equal(512, v.Length);
            Assert.All(v, f => Assert.True(float.IsFinite(f)));
        }

        // Digital silence and an empty clip are the same black image; a short tone is padded by reflection, not silence.
        Assert.Equal(silent, empty);
        Assert.True(Distance(shortTone, silent) > 0.1 * Norm(silent));
        Assert.Equal([0], ResNetSpectrogramFeatures.CropStarts(Tone(300, 0.3)));
        Assert.Equal([0], ResNetSpectrogramFeatures.CropStarts([]));
    }

    [Fact]
    public void Crops_spread_evenly_over_the_voiced_span()
    {
        // 10 s: silence, a tone from 3 to 7 s, silence. Three crops of 2.26 s from 3.0 s to 7.0 − 2.26 s.
        var x = new float[Rate * 10];
        var tone = Tone(440, 4);
        tone.CopyTo(x, 3 * Rate);
        var starts = ResNetSpectrogramFeatures.CropStarts(x);
        Assert.Equal(3, starts.Count);
        Assert.Equal(3 * Rate, starts[0]);
        Assert.Equal((7 * Rate) - ResNetSpectrogramFeatures.CropSamples, starts[2]);
        Assert.InRange(starts[1] - starts[0] - (starts[2] - starts[1]), -1, 1);

        // A voiced span shorter than a crop: the crops are one window centred on it, kept inside the signal.
        var y = new float[Rate * 10];
        Tone(440, 0.5).CopyTo(y, Rate * 9 + (Rate / 4));
        var late = ResNetSpectrogramFeatures.CropStarts(y);
        Assert.All(late, s => Assert.Equal(y.Length - ResNetSpectrogramFeatures.CropSamples, s));
    }

    [Fact]
    public void Blocks_parse_and_name_their_columns()
    {
        Assert.Equal(SpeechFeatureBlocks.Utterance, SpeechFeatureBlocksParser.Parse("utterance"));
        Assert.Equal(SpeechFeatureBlocks.ResNetSpec, SpeechFeatureBlocksParser.Parse("resnet-spec"));
        Assert.Equal(SpeechFeatureBlocks.Utterance | SpeechFeatureBlocks.ResNetSpec, SpeechFeatureBlocksParser.Parse("utterance,resnet-spec"));
        Assert.Equal(SpeechFeatureBlocks.Utterance | SpeechFeatureBlocks.ResNetSpec, SpeechFeatureBlocksParser.Parse("utterance+resnet-spec"));
        Assert.Throws<ArgumentException>(() => SpeechFeatureBlocksParser.Parse("resnet"));
        Assert.Throws<ArgumentException>(() => SpeechFeatureBlocksParser.Parse(" , "));
        var names = SpeechFeatureBlocksParser.Names(SpeechFeatureBlocks.Utterance | SpeechFeatureBlocks.ResNetSpec);
        Assert.Equal(UtteranceFeatures.Count + 512, names.Count);
        Assert.Equal(UtteranceFeatures.Names, names.Take(UtteranceFeatures.Count));
        Assert.Equal(names.Count, names.Distinct().Count());
    }

    [Fact]
    public void Every_nth_keeps_each_folders_share()
    {
        var samples = Enumerable.Range(0, 10).Select(i => new SpeechSample($"/x/{i}.wav", i >= 6, i >= 6 ? "b" : "a", "f", "v" + i)).ToList();
        var kept = SpeechDataset.EveryNth(samples, 2);
        Assert.Equal(["/x/0.wav", "/x/2.wav", "/x/4.wav", "/x/6.wav", "/x/8.wav"], kept.Select(s => s.Path));
        Assert.Same(samples, SpeechDataset.EveryNth(samples, 1));
    }

    [Theory]
    [InlineData("clean")]
    [InlineData("mp3:64")]
    public void Extraction_appends_the_block_after_the_utterance_vector_and_caches_it_apart(string condition)
    {
        var dir = Directory.CreateTempSubdirectory("fakelens-resnetspec-");
        try
        {
            var samples = new List<SpeechSample>();
            for (var k = 0; k < 3; k++)
            {
                var path = Path.Combine(dir.FullName, $"clip{k}.wav");
                var x = k == 1 ? Noise(2.5, k) : Tone(200 + (300 * k), 2.5 + k);
                File.WriteAllBytes(path, WavIo.Write(x, Rate));
                samples.Add(new SpeechSample(path, k == 1, "test", k == 1 ? "tts" : "real", "v" + k));
            }

            var cache = Path.Combine(dir.FullName, "cache");
            var plain = new SpeechExtractionOptions { Codec = CodecCondition.Parse(condition), Threads = 2, CacheDirectory = cache };
            var (utterance, _) = SpeechFeatureExtraction.Extract(samples, plain, null, CancellationToken.None);
            Assert.Single(Directory.GetFiles(cache, "*.rows").Take(1));
            Assert.Empty(Directory.GetFiles(cache, "*.block"));

            // Rows already cached: only the block is computed, appended after the utterance vector, and cached.
            var both = plain with { Blocks = SpeechFeatureBlocks.Utterance | SpeechFeatureBlocks.ResNetSpec };
            var (combined, failures) = SpeechFeatureExtraction.Extract(samples, both, null, CancellationToken.None);
            Assert.Empty(failures);
            Assert.Equal(3, Directory.GetFiles(cache, "*.block").Length);
            Assert.Equal(3, combined.Count);
            foreach (var row in combined)
            {
                var u = utterance.Single(r => r.SampleIndex == row.SampleIndex);
                Assert.Equal(UtteranceFeatures.Count + 512, row.Features.Length);
                Assert.Equal(u.Features, row.Features.Take(UtteranceFeatures.Count));
            }

            // The block alone, from the cache, equals the tail; without the cache it is recomputed identically.
            var (alone, _) = SpeechFeatureExtraction.Extract(samples, plain with { Blocks = SpeechFeatureBlocks.ResNetSpec }, null, CancellationToken.None);
            var (fresh, _) = SpeechFeatureExtraction.Extract(samples, plain with { Blocks = SpeechFeatureBlocks.ResNetSpec, CacheDirectory = null }, null, CancellationToken.None);
            foreach (var row in alone)
            {
                Assert.Equal(512, row.Features.Length);
                Assert.Equal(combined.Single(r => r.SampleIndex == row.SampleIndex).Features.Skip(UtteranceFeatures.Count), row.Features);
                Assert.Equal(fresh.Single(r => r.SampleIndex == row.SampleIndex).Features, row.Features);
            }

            // The tone and the noise clip differ in the block.
            Assert.NotEqual(alone.Single(r => r.SampleIndex == 0).Features, alone.Single(r => r.SampleIndex == 1).Features);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void A_torn_block_file_is_recomputed()
    {
        var dir = Directory.CreateTempSubdirectory("fakelens-resnetspec-torn-");
        try
        {
            var path = Path.Combine(dir.FullName, "clip.wav");
            File.WriteAllBytes(path, WavIo.Write(Tone(500, 2.5), Rate));
            var samples = new List<SpeechSample> { new(path, false, "test", "real", "v0") };
            var cache = Path.Combine(dir.FullName, "cache");
            var options = new SpeechExtractionOptions { Threads = 1, CacheDirectory = cache, Blocks = SpeechFeatureBlocks.ResNetSpec };
            var (first, _) = SpeechFeatureExtraction.Extract(samples, options, null, CancellationToken.None);
            var block = Directory.GetFiles(cache, "*.block").Single();
            File.WriteAllBytes(block, [1, 2, 3]);
            var (second, _) = SpeechFeatureExtraction.Extract(samples, options, null, CancellationToken.None);
            Assert.Equal(first.Single().Features, second.Single().Features);
            Assert.True(new FileInfo(block).Length > 512 * 4);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
