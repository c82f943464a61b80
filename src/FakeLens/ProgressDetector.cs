using FakeLens.Core.Detection;
using FakeLens.Core.Evidence;
using FakeLens.Core.Media;

namespace FakeLens;

/// <summary>Wraps a detector to count, for one file, how many of the applicable detectors have finished.</summary>
internal sealed class ProgressDetector(IDetector inner, ProgressDetector.Tally tally) : IDetector
{
    public string Id => inner.Id;

    public string Description => inner.Description;

    public EvidenceCategory Category => inner.Category;

    public static IReadOnlyList<IDetector> Wrap(IReadOnlyList<IDetector> detectors, IProgress<AnalysisProgress> progress)
    {
        var tally = new Tally(progress);
        return detectors.Select(d => (IDetector)new ProgressDetector(d, tally)).ToList();
    }

    public bool AppliesTo(MediaType media)
    {
        var applies = inner.AppliesTo(media);
        if (applies)
        {
            Interlocked.Increment(ref tally.Total);
        }

        return applies;
    }

    public async ValueTask<IReadOnlyList<Evidence>> AnalyzeAsync(AnalysisContext context, CancellationToken cancellationToken)
    {
        try
        {
            return await inner.AnalyzeAsync(context, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            var done = Interlocked.Increment(ref tally.Completed);
            tally.Progress.Report(new AnalysisProgress(done, Volatile.Read(ref tally.Total), inner.Id));
        }
    }

    /// <summary>Counters shared by the wrappers of one analysis.</summary>
    internal sealed class Tally(IProgress<AnalysisProgress> progress)
    {
        public int Total;
        public int Completed;

        public IProgress<AnalysisProgress> Progress { get; } = progress;
    }
}
