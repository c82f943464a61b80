using FakeLens.Core.Detection;

namespace FakeLens.Core.Scanning;

/// <summary>
/// A stage after the detectors: reads every finding of one file and may add findings that combine several of
/// them (e.g. one fused manipulation map from the maps of the compression, noise and copy-move detectors). A
/// combined finding that stands for the cues it was built from lists them in <see cref="EvidenceCombination.Replaces"/>:
/// they stay in the report but are left out of the verdict, so the same observation is never counted twice.
/// </summary>
public interface IEvidenceCombiner
{
    /// <summary>Stable id, kebab case with dots (<c>tamper.fused-map</c>); errors and timings are filed under it.</summary>
    string Id { get; }

    EvidenceCombination Combine(AnalysisContext context, IReadOnlyList<Evidence.Evidence> evidence, CancellationToken cancellationToken);
}
