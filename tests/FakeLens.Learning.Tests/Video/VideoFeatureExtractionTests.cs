using FakeLens.Learning.Video;

namespace FakeLens.Learning.Tests.Video;

public sealed class VideoFeatureExtractionTests
{
    [Fact]
    public void Parallel_workers_report_every_unreadable_video_as_a_failure_in_order_and_keep_no_row_for_it()
    {
        var dir = Directory.CreateTempSubdirectory("fakelens-vfx-");
        try
        {
            var samples = Enumerable.Range(0, 5).Select(i =>
            {
                var path = Path.Combine(dir.FullName, $"broken{i}.mp4");
                File.WriteAllBytes(path, [.. Enumerable.Repeat((byte)(i + 1), 64)]);
                return new VideoSample(path, i % 2 == 0, "f", "f");
            }).ToList();
            var made = 0;

            var (rows, kept, failures) = VideoFeatureExtraction.Extract(samples, () =>
            {
                Interlocked.Increment(ref made);
                return new VideoFeatures();
            }, workers: 2, progress: null, CancellationToken.None);

            Assert.Empty(rows);
            Assert.Empty(kept);
            Assert.Equal(samples.Select(s => s.Path), failures.Select(f => f[..f.IndexOf(": ", StringComparison.Ordinal)]));
            Assert.InRange(made, 1, 2);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
