using FakeLens.Audio.Augmentation;
using FakeLens.Audio.Decoding;
using FakeLens.Learning.Speech;

namespace FakeLens.Learning.Tests.Speech;

public sealed class SpeechFeatureExtractionTests
{
    private const int Rate = 16_000;

    /// <summary>A voiced buzz (F0 140–200 Hz, 20 harmonics) with syllable-rate envelope and short pauses.</summary>
    private static float[] Buzz(double seconds, int seed)
    {
        var random = new Random(seed);
        var x = new float[(int)(Rate * seconds)];
        double phase = 0;
        for (var i = 0; i < x.Length; i++)
        {
            var t = i / (double)Rate;
            phase += 2 * Math.PI * (170 + (30 * Math.Sin(2 * Math.PI * (0.4 + (0.1 * seed)) * t))) / Rate;
            double v = 0;
            for (var h = 1; h <= 20; h++)
            {
                v += Math.Sin(h * phase) / h;
            }

            x[i] = (float)((0.2 * v * Math.Max(0.05, Math.Sin(2 * Math.PI * 2.5 * t))) + (0.005 * ((random.NextDouble() * 2) - 1)));
        }

        return x;
    }

    [Fact]
    public void MP3_condition_streams_clips_through_one_codec_pass_reports_bad_clips_and_reuses_the_cache()
    {
        var dir = Directory.CreateTempSubdirectory("fakelens-stream-");
        try
        {
            var samples = new List<SpeechSample>();
            for (var k = 0; k < 4; k++)
            {
                var path = Path.Combine(dir.FullName, $"clip{k}.wav");
                File.WriteAllBytes(path, WavIo.Write(Buzz(1.5 + (0.5 * k), k), Rate));
                samples.Add(new SpeechSample(path, k % 2 == 1, "test", k % 2 == 1 ? "tts" : "real", "v" + k));
            }

            var broken = Path.Combine(dir.FullName, "broken.wav");
            File.WriteAllBytes(broken, [1, 2, 3, 4]);
            samples.Insert(2, new SpeechSample(broken, true, "test", "tts", "v9"));
            var options = new SpeechExtractionOptions { Codec = CodecCondition.Parse("mp3:64"), Threads = 2, CacheDirectory = Path.Combine(dir.FullName, "cache") };

            var (rows, failures) = SpeechFeatureExtraction.Extract(samples, options, null, CancellationToken.None);
            Assert.Equal(4, rows.Count);
            Assert.Single(failures);
            Assert.Contains("broken.wav", failures[0], StringComparison.Ordinal);
            Assert.All(rows, r => Assert.Equal("mp3 64k", r.Codec));
            Assert.Equal([0, 1, 3, 4], rows.Select(r => r.SampleIndex).Order());

            // Clean rows of the same clips differ (the codec was applied), and a second run reads the cache.
            var (clean, _) = SpeechFeatureExtraction.Extract(samples, options with { Codec = CodecCondition.Clean, CacheDirectory = null }, null, CancellationToken.None);
            Assert.NotEqual(clean.Single(r => r.SampleIndex == 0).Features, rows.Single(r => r.SampleIndex == 0).Features);
            var (again, _) = SpeechFeatureExtraction.Extract(samples, options, null, CancellationToken.None);
            Assert.Equal(rows.Select(r => r.Features), again.Select(r => r.Features));
            Assert.Equal(4, Directory.GetFiles(options.CacheDirectory!).Length);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
    [Fact]
    public void Reverb_condition_is_computed_per_clip_deterministically_and_cached_apart_from_clean()
    {
        var dir = Directory.CreateTempSubdirectory("fakelens-reverb-");
        try
        {
            var samples = new List<SpeechSample>();
            for (var k = 0; k < 3; k++)
            {
                var path = Path.Combine(dir.FullName, $"clip{k}.wav");
                File.WriteAllBytes(path, WavIo.Write(Buzz(2 + (0.5 * k), k), Rate));
                samples.Add(new SpeechSample(path, k == 1, "test", k == 1 ? "tts" : "real", "v" + k));
            }

            var options = new SpeechExtractionOptions { Codec = CodecCondition.Parse("reverb:600"), Threads = 2, CacheDirectory = Path.Combine(dir.FullName, "cache") };
            var (rows, failures) = SpeechFeatureExtraction.Extract(samples, options, null, CancellationToken.None);
            Assert.Empty(failures);
            Assert.Equal(3, rows.Count);
            Assert.All(rows, r => Assert.Equal("reverb 600ms", r.Codec));

            // Without the cache the same rows come back (the room is seeded per clip), and they differ from the clean rows.
            var (fresh, _) = SpeechFeatureExtraction.Extract(samples, options with { CacheDirectory = null }, null, CancellationToken.None);
            Assert.Equal(rows.OrderBy(r => r.SampleIndex).Select(r => r.Features), fresh.OrderBy(r => r.SampleIndex).Select(r => r.Features));
            var (clean, _) = SpeechFeatureExtraction.Extract(samples, options with { Codec = CodecCondition.Clean }, null, CancellationToken.None);
            Assert.Equal(3, clean.Count);
            Assert.All(clean, c => Assert.NotEqual(c.Features, rows.Single(r => r.SampleIndex == c.SampleIndex).Features));

            // The clean rows went to their own cache files, and a second reverb run reads its own back unchanged.
            Assert.Equal(6, Directory.GetFiles(options.CacheDirectory!).Length);
            var (again, _) = SpeechFeatureExtraction.Extract(samples, options, null, CancellationToken.None);
            Assert.Equal(rows.OrderBy(r => r.SampleIndex).Select(r => r.Features), again.OrderBy(r => r.SampleIndex).Select(r => r.Features));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void Cache_follows_the_clip_content_not_its_file_time_and_adopts_rows_under_the_old_time_key()
    {
        var dir = Directory.CreateTempSubdirectory("fakelens-cachekey-");
        try
        {
            var path = Path.Combine(dir.FullName, "clip.wav");
            File.WriteAllBytes(path, WavIo.Write(Buzz(2, 1), Rate));
            var samples = new List<SpeechSample> { new(path, true, "test", "tts", "v1") };
            var cache = Path.Combine(dir.FullName, "cache");
            var options = new SpeechExtractionOptions { Codec = CodecCondition.Clean, Threads = 1, CacheDirectory = cache };
            var (rows, _) = SpeechFeatureExtraction.Extract(samples, options, null, CancellationToken.None);
            var cached = Assert.Single(Directory.GetFiles(cache));

            // Mark the cached rows, so a read from the cache shows, then give the file a new time with the same bytes
            // (what a fresh copy of the shared data does): the marked rows come back.
            var marked = rows.Select(r => r with { Features = r.Features.Select(v => v + 1000f).ToArray() }).ToList();
            FeatureCache.Write(cached, marked);
            File.SetLastWriteTimeUtc(path, File.GetLastWriteTimeUtc(path).AddDays(3));
            var (touched, _) = SpeechFeatureExtraction.Extract(samples, options, null, CancellationToken.None);
            Assert.Equal(marked.Select(r => r.Features), touched.Select(r => r.Features));

            // Other bytes of the same length are another clip: computed afresh, not the marked rows.
            File.WriteAllBytes(path, WavIo.Write(Buzz(2, 2), Rate));
            var (changed, _) = SpeechFeatureExtraction.Extract(samples, options, null, CancellationToken.None);
            Assert.NotEqual(marked.Select(r => r.Features), changed.Select(r => r.Features));
            Assert.NotEqual(rows.Select(r => r.Features), changed.Select(r => r.Features));

            // Rows an earlier build wrote under the size-and-time key are read, and written again under the content key.
            Directory.Delete(cache, recursive: true);
            Directory.CreateDirectory(cache);
            var legacy = Path.Combine(cache, SpeechFeatureExtraction.LegacyCacheKey(samples[0], options) + ".rows");
            FeatureCache.Write(legacy, marked);
            var (adopted, _) = SpeechFeatureExtraction.Extract(samples, options, null, CancellationToken.None);
            Assert.Equal(marked.Select(r => r.Features), adopted.Select(r => r.Features));
            Assert.True(File.Exists(Path.Combine(cache, SpeechFeatureExtraction.CacheKey(samples[0], options) + ".rows")));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
