namespace FakeLens.Learning.Video;

/// <summary>Features of many videos (the image model inside is the costly part); failures are reported, not fatal.
/// With several workers each has its own <see cref="VideoFeatures"/> (and so its own image model); rows keep the
/// samples' order.</summary>
public static class VideoFeatureExtraction
{
    public static (List<float[]> Rows, List<VideoSample> Samples, List<string> Failures) Extract(IReadOnlyList<VideoSample> samples, VideoFeatures features, Action<string>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(features);
        return Extract(samples, () => features, 1, progress, cancellationToken);
    }

    public static (List<float[]> Rows, List<VideoSample> Samples, List<string> Failures) Extract(IReadOnlyList<VideoSample> samples, Func<VideoFeatures> features, int workers, Action<string>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(features);
        var results = new float[]?[samples.Count];
        var errors = new string?[samples.Count];
        var done = 0;
        using var perWorker = new ThreadLocal<VideoFeatures>(features);
        Parallel.For(0, samples.Count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, workers), CancellationToken = cancellationToken }, i =>
        {
            try
            {
                results[i] = perWorker.Value!.Extract(samples[i].Path, cancellationToken);
            }
            catch (Exception e) when (e is FakeLens.Core.Detection.MediaException or IOException or InvalidOperationException)
            {
                errors[i] = $"{samples[i].Path}: {e.Message}";
            }

            var n = Interlocked.Increment(ref done);
            if (n % 10 == 0)
            {
                progress?.Invoke($"features: {n}/{samples.Count} videos");
            }
        });
        var rows = new List<float[]>();
        var kept = new List<VideoSample>();
        for (var i = 0; i < samples.Count; i++)
        {
            if (results[i] is { } row)
            {
                rows.Add(row);
                kept.Add(samples[i]);
            }
        }

        return (rows, kept, [.. errors.OfType<string>()]);
    }
}
