using FakeLens.Core.Media;

namespace FakeLens.Core.Detection;

/// <summary>
/// A detector: what it applies to, what it measures, what it found, how sure it is. Implementations are
/// small and stateless (safe to share between threads); they read what they need from the context, which
/// caches decoded media so that detectors of one file share one decode.
/// </summary>
public interface IDetector
{
    /// <summary>Stable id, kebab case with dots (<c>jpeg.structure</c>).</summary>
    string Id { get; }

    /// <summary>One line for <c>fakelens detectors</c>.</summary>
    string Description { get; }

    Evidence.EvidenceCategory Category { get; }

    /// <summary>True when the detector has something to say about this kind of media.</summary>
    bool AppliesTo(MediaType media);

    /// <summary>
    /// Analyses one file. Returns zero or more findings. Throws <see cref="MediaException"/> (or any exception)
    /// when the file cannot be analysed; the scanner records it against this detector and carries on.
    /// </summary>
    ValueTask<IReadOnlyList<Evidence.Evidence>> AnalyzeAsync(AnalysisContext context, CancellationToken cancellationToken);
}
