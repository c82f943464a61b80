using System.Collections.Concurrent;
using System.Diagnostics;
using FakeLens.Core.Detection;
using FakeLens.Core.Evidence;
using FakeLens.Core.Media;

namespace FakeLens.Server.Distributed;

/// <summary>Times every detector run of a worker process; the totals are added to PostgreSQL after each job and served by /metrics.</summary>
public sealed class DetectorClock
{
    private readonly ConcurrentDictionary<string, (long Runs, double Seconds)> _pending = new(StringComparer.Ordinal);

    /// <summary>Wraps a detector catalog so that each detector's run time is recorded.</summary>
    /// <param name="catalog">The catalog.</param>
    /// <returns>The timed catalog.</returns>
    public Func<DetectorOptions, IReadOnlyList<IDetector>> Wrap(Func<DetectorOptions, IReadOnlyList<IDetector>> catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return options => catalog(options).Select(d => (IDetector)new Timed(d, this)).ToList();
    }

    /// <summary>Takes the runs recorded since the last call.</summary>
    /// <returns>Detector id → (runs, seconds).</returns>
    public IReadOnlyDictionary<string, (long Runs, double Seconds)> Drain()
    {
        var result = new Dictionary<string, (long, double)>(StringComparer.Ordinal);
        foreach (var key in _pending.Keys)
        {
            if (_pending.TryRemove(key, out var value))
            {
                result[key] = value;
            }
        }

        return result;
    }

    /// <summary>Gives back runs that could not be written (database down), to be added next time.</summary>
    /// <param name="durations">What <see cref="Drain"/> returned.</param>
    public void Restore(IReadOnlyDictionary<string, (long Runs, double Seconds)> durations)
    {
        ArgumentNullException.ThrowIfNull(durations);
        foreach (var (id, (runs, seconds)) in durations)
        {
            _pending.AddOrUpdate(id, (runs, seconds), (_, v) => (v.Runs + runs, v.Seconds + seconds));
        }
    }

    private void Record(string id, double seconds) => _pending.AddOrUpdate(id, (1, seconds), (_, v) => (v.Runs + 1, v.Seconds + seconds));

    private sealed class Timed(IDetector inner, DetectorClock clock) : IDetector
    {
        public string Id => inner.Id;

        public string Description => inner.Description;

        public EvidenceCategory Category => inner.Category;

        public bool AppliesTo(MediaType media) => inner.AppliesTo(media);

        public async ValueTask<IReadOnlyList<Evidence>> AnalyzeAsync(AnalysisContext context, CancellationToken cancellationToken)
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                return await inner.AnalyzeAsync(context, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                clock.Record(inner.Id, Stopwatch.GetElapsedTime(started).TotalSeconds);
            }
        }
    }
}
