namespace FakeLens.Learning.Video;

/// <summary>Features of many videos, sequentially (the image model inside is the costly part); failures are reported, not fatal.</summary>
public static class VideoFeatureExtraction
{
    public static (List<float[]> Rows, List<VideoSample> Samples, List<string> Failures) Extract(IReadOnlyList<VideoSample> samples, VideoFeatures features, Action<string>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(features);
        var rows = new List<float[]>();
        var kept = new List<VideoSample>();
        var failures = new List<string>();
        for (var i = 0; i < samples.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                rows.Add(features.Extract(samples[i].Path, cancellationToken));
                kept.Add(samples[i]);
            }
            catch (Exception e) when (e is FakeLens.Core.Detection.MediaException or IOException or InvalidOperationException)
            {
                failures.Add($"{samples[i].Path}: {e.Message}");
            }

            if ((i + 1) % 10 == 0)
            {
                progress?.Invoke($"features: {i + 1}/{samples.Count} videos");
            }
        }

        return (rows, kept, failures);
    }
}
