namespace FakeLens.Watermark;

/// <summary>An audio watermark scheme on mono float samples in −1..1.</summary>
public interface IAudioWatermark
{
    string Id { get; }

    string Description { get; }

    /// <summary>Returns marked samples (same length and rate).</summary>
    float[] Embed(ReadOnlySpan<float> samples, int sampleRate, WatermarkPayload payload, CancellationToken cancellationToken = default);

    WatermarkDetection Detect(ReadOnlySpan<float> samples, int sampleRate, WatermarkKey? key, CancellationToken cancellationToken = default);
}
