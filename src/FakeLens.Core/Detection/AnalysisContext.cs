using System.Collections.Concurrent;
using FakeLens.Core.Media;

namespace FakeLens.Core.Detection;

/// <summary>
/// Everything a detector may read about one file: its bytes, what the sniffer recognised, the scan's
/// limits, and a per-file cache where decoders leave their results (pixels, metadata) for other detectors.
/// A failure cached there (e.g. a decode error) is re-thrown to every detector that asks, so one corrupt
/// file costs one decode attempt.
/// </summary>
public sealed class AnalysisContext
{
    private readonly ConcurrentDictionary<string, Lazy<object>> _cache = new(StringComparer.Ordinal);

    public AnalysisContext(string path, ReadOnlyMemory<byte> bytes, MediaType media, ScanLimits limits)
    {
        Path = path;
        Bytes = bytes;
        Media = media;
        Limits = limits;
    }

    /// <summary>Path as given to the scan (for messages only; detectors read <see cref="Bytes"/>).</summary>
    public string Path { get; }

    public ReadOnlyMemory<byte> Bytes { get; }

    /// <summary>
    /// True when <see cref="Bytes"/> holds only the start of the file: a video above <see cref="ScanLimits.MaxFileBytes"/>
    /// is not read into memory (the video detectors read it from <see cref="Path"/>); detectors that need every byte
    /// may fail on it, and their failure then stays their own instead of failing the file.
    /// </summary>
    public bool BytesArePartial { get; init; }

    public MediaType Media { get; }

    public ScanLimits Limits { get; }

    /// <summary>Image size once a decoder knows it; reported with the file.</summary>
    public (int Width, int Height)? PixelSize { get; set; }

    /// <summary>Returns the cached value for <paramref name="key"/>, computing it once.</summary>
    public T GetOrCreate<T>(string key, Func<AnalysisContext, T> factory)
        where T : notnull
    {
        var lazy = _cache.GetOrAdd(key, _ => new Lazy<object>(() => factory(this), LazyThreadSafetyMode.ExecutionAndPublication));
        return (T)lazy.Value;
    }

    /// <summary>Builds a context for a byte array (tests, in-memory callers).</summary>
    public static AnalysisContext FromBytes(byte[] bytes, string name = "memory", ScanLimits? limits = null) =>
        new(name, bytes, MediaSniffer.Sniff(bytes.AsSpan(0, Math.Min(bytes.Length, MediaSniffer.HeaderLength)), name), limits ?? ScanLimits.Default);
}
