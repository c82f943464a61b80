namespace FakeLens.Watermark.Bench;

/// <summary>A scheme under benchmark, the payload embedded in every photo, and the key its detector is given.</summary>
public sealed record BenchScheme(IImageWatermark Scheme, WatermarkPayload Payload, WatermarkKey? Key = null);
