namespace FakeLens.Core.Evidence;

/// <summary>A score sampled over time (audio frames, video frames), for timelines in the report.</summary>
public sealed record TimeSeries(double StartSeconds, double StepSeconds, IReadOnlyList<float> Values, string Label);
