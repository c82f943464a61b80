using System.Collections.Concurrent;

namespace FakeLens.Server.Jobs;

/// <summary>One <see cref="Analyzer"/> per detector choice, built once and shared by every worker (detectors are stateless).</summary>
public sealed class AnalyzerPool(AnalyzerOptions defaults, Func<DetectorOptions, IReadOnlyList<Core.Detection.IDetector>> catalog)
{
    private readonly ConcurrentDictionary<string, Lazy<Analyzer>> _analyzers = new(StringComparer.Ordinal);

    /// <summary>The analyzer for a request's detector choice ("" for the server's default).</summary>
    /// <param name="detectors">Comma-separated ids or prefixes.</param>
    /// <returns>The analyzer.</returns>
    /// <exception cref="AnalyzerConfigurationException">An unknown detector name.</exception>
    public Analyzer For(string detectors)
    {
        var key = Normalize(detectors);
        var lazy = _analyzers.GetOrAdd(key, k => new Lazy<Analyzer>(() => Analyzer.Create(
            k.Length == 0 ? defaults : defaults with { Detectors = k.Split(',') }, catalog)));
        try
        {
            return lazy.Value;
        }
        catch (AnalyzerConfigurationException)
        {
            _analyzers.TryRemove(key, out _);
            throw;
        }
    }

    /// <summary>Sorted, de-duplicated, lower-case form of a detector choice.</summary>
    /// <param name="detectors">Comma-separated ids or prefixes.</param>
    /// <returns>The canonical form.</returns>
    public static string Normalize(string? detectors) => string.Join(',',
        (detectors ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(d => d.ToLowerInvariant()).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));
}
