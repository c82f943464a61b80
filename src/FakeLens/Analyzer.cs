using System.Diagnostics;
using System.Security.Cryptography;
using FakeLens.Core.Detection;
using FakeLens.Core.Fusion;
using FakeLens.Core.Reporting;
using FakeLens.Core.Scanning;
using FakeLens.Imaging.Tampering;

namespace FakeLens;

/// <summary>
/// The one analysis entry point for every front end: options → <see cref="Create(AnalyzerOptions?)"/> →
/// <c>AnalyzeAsync</c> (a path, a stream, or many files) → a report. An analyzer is immutable and thread-safe:
/// build it once and share it. Bad input never throws: it becomes an error entry in the file's report
/// (codes not-found, empty, not-media, too-large, corrupt, unsupported, timeout, unreadable).
/// </summary>
/// <example>
/// <code>
/// var analyzer = Analyzer.Create(new AnalyzerOptions { Skip = ["learned"] });
/// var file = await analyzer.AnalyzeAsync("photo.jpg");
/// Console.WriteLine($"{file.Verdict?.Band}: {file.Verdict?.Summary}");
/// </code>
/// </example>
public sealed class Analyzer
{
    private readonly EvidenceFusion _fusion = new();

    private Analyzer(IReadOnlyList<IDetector> detectors, AnalyzerOptions options)
    {
        Detectors = detectors;
        Options = options;
        DetectorSetKey = string.Join(',', detectors.Select(d => d.Id).Order(StringComparer.Ordinal));
    }

    /// <summary>The detectors this analyzer runs, in order.</summary>
    public IReadOnlyList<IDetector> Detectors { get; }

    /// <summary>The options it was built with.</summary>
    public AnalyzerOptions Options { get; }

    /// <summary>Sorted, comma-joined detector ids: two analyzers with the same key give the same findings for the same bytes.</summary>
    public string DetectorSetKey { get; }

    /// <summary>Builds an analyzer over the shipped detectors (<see cref="DetectorCatalog"/>).</summary>
    /// <param name="options">Detector choice, keys and limits; null for <see cref="AnalyzerOptions.Default"/>.</param>
    /// <returns>The analyzer.</returns>
    /// <exception cref="AnalyzerConfigurationException">An unknown detector, or a trust-anchor file that is missing or not PEM.</exception>
    public static Analyzer Create(AnalyzerOptions? options = null) => Create(options, DetectorCatalog.All);

    /// <summary>Builds an analyzer over detectors of your own (tests, plug-ins); the options' choice and keys still apply.</summary>
    /// <param name="options">Detector choice, keys and limits; null for <see cref="AnalyzerOptions.Default"/>.</param>
    /// <param name="catalog">Makes the full detector list from the detector options.</param>
    /// <returns>The analyzer.</returns>
    /// <exception cref="AnalyzerConfigurationException">An unknown detector, or a trust-anchor file that is missing or not PEM.</exception>
    public static Analyzer Create(AnalyzerOptions? options, Func<DetectorOptions, IReadOnlyList<IDetector>> catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        options ??= AnalyzerOptions.Default;
        var anchors = options.TrustAnchorsPath;
        if (anchors is not null && !File.Exists(anchors))
        {
            throw new AnalyzerConfigurationException($"{anchors} does not exist.") { Setting = "trust-anchors" };
        }

        IReadOnlyList<IDetector> all;
        try
        {
            all = catalog(new DetectorOptions(options.WatermarkKeys, anchors));
        }
        catch (Exception e) when (e is CryptographicException or IOException)
        {
            throw new AnalyzerConfigurationException($"{anchors} is not a readable PEM certificate bundle ({e.Message}).", e) { Setting = "trust-anchors" };
        }

        var selected = DetectorCatalog.Select(all, options.Detectors, options.Skip, out var error);
        return error is null ? new Analyzer(selected, options) : throw new AnalyzerConfigurationException(error) { Setting = "detectors" };
    }

    /// <summary>Analyses one file on disk.</summary>
    /// <param name="path">The file.</param>
    /// <param name="progress">Hears of each detector as it finishes (optional).</param>
    /// <param name="cancellationToken">Stops the analysis.</param>
    /// <returns>The file's report: verdict and evidence, or an error entry.</returns>
    public Task<FileReport> AnalyzeAsync(string path, IProgress<AnalysisProgress>? progress = null, CancellationToken cancellationToken = default) =>
        ScannerFor(progress).ScanFileAsync(path, Math.Max(1, Options.DetectorThreads), cancellationToken);

    /// <summary>
    /// Analyses bytes from a stream (an upload, a download you made yourself). The stream is copied to a temporary
    /// file that is deleted afterwards; more than <see cref="ScanLimits.MaxFileBytes"/> is refused as too-large
    /// without reading further.
    /// </summary>
    /// <param name="content">The bytes.</param>
    /// <param name="name">The file's name, used as the report's path and as a hint to the format (the bytes decide).</param>
    /// <param name="progress">Hears of each detector as it finishes (optional).</param>
    /// <param name="cancellationToken">Stops the analysis.</param>
    /// <returns>The file's report.</returns>
    public async Task<FileReport> AnalyzeAsync(Stream content, string name, IProgress<AnalysisProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(name);
        var clock = Stopwatch.StartNew();
        var extension = Path.GetExtension(Path.GetFileName(name.Replace('\\', '/')));
        extension = extension.Length is > 1 and <= 8 && extension.Skip(1).All(char.IsAsciiLetterOrDigit) ? extension : string.Empty;
        var temp = Path.Combine(Path.GetTempPath(), "fakelens-" + Guid.NewGuid().ToString("N") + extension);
        try
        {
            long copied;
            var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous);
            await using (stream.ConfigureAwait(false))
            {
                copied = await CopyBoundedAsync(content, stream, Options.Limits.MaxFileBytes + 1, cancellationToken).ConfigureAwait(false);
            }

            if (copied > Options.Limits.MaxFileBytes)
            {
                return new FileReport
                {
                    Path = name,
                    Status = FileStatus.Error,
                    Error = new FileError("too-large", $"The file is above the {Options.Limits.MaxFileBytes / 1048576.0:0.#} MiB limit for one file."),
                    Timings = new FileTimings(Math.Round(clock.Elapsed.TotalMilliseconds, 2), new Dictionary<string, double>()),
                };
            }

            var report = await AnalyzeAsync(temp, progress, cancellationToken).ConfigureAwait(false);
            return report with { Path = name };
        }
        finally
        {
            File.Delete(temp);
        }
    }

    /// <summary>Analyses many files, <paramref name="jobs"/> at a time, into one report (what <c>fakelens scan</c> prints).</summary>
    /// <param name="files">Files to analyse (expand folders and globs first, e.g. with <c>InputExpander</c>).</param>
    /// <param name="jobs">Files analysed in parallel.</param>
    /// <param name="progress">Hears of each file as it ends (optional).</param>
    /// <param name="cancellationToken">Stops the scan.</param>
    /// <returns>The scan report, one entry per file in input order.</returns>
    public Task<ScanReport> AnalyzeAsync(IReadOnlyList<string> files, int jobs = 1, IProgress<FileReport>? progress = null, CancellationToken cancellationToken = default) =>
        ScannerFor(null).ScanAsync(files, jobs, progress, cancellationToken);

    /// <summary>Wraps reports of single files, analysed one by one, into one scan report.</summary>
    /// <param name="files">The file reports.</param>
    /// <param name="startedAt">When the first analysis started.</param>
    /// <returns>A report with this analyzer's settings and a summary over <paramref name="files"/>.</returns>
    public ScanReport Report(IReadOnlyList<FileReport> files, DateTimeOffset startedAt)
    {
        ArgumentNullException.ThrowIfNull(files);
        return new ScanReport
        {
            Tool = ToolInfo.Current,
            StartedAt = startedAt,
            DurationMs = Math.Round(files.Sum(f => f.Timings.TotalMs), 1),
            Settings = new ScanSettings(Detectors.Select(d => d.Id).ToList(), Options.Limits.MaxPixels, 1, Options.Limits.FileTimeout.TotalSeconds),
            Summary = ScanSummary.Of(files),
            Files = files,
        };
    }

    /// <summary>Writes the self-contained HTML report (picture, heatmap overlays, evidence cards).</summary>
    /// <param name="report">The report.</param>
    /// <param name="source">Where each file's bytes are, for its picture; null: the report's own paths.</param>
    /// <returns>One HTML document.</returns>
    public static string WriteHtml(ScanReport report, Func<FileReport, string?>? source = null) =>
        new HtmlReportWriter(f => (source is null ? f.Path : source(f)) is { } path ? PreviewFactory.DataUri(f, path) : null).Write(report);

    private Scanner ScannerFor(IProgress<AnalysisProgress>? progress)
    {
        var detectors = progress is null ? Detectors : ProgressDetector.Wrap(Detectors, progress);
        return new Scanner(detectors, _fusion, Options.Limits, [new FusedManipulationMap()]);
    }

    private static async Task<long> CopyBoundedAsync(Stream from, Stream to, long max, CancellationToken ct)
    {
        var buffer = new byte[81920];
        long total = 0;
        int read;
        while (total < max && (read = await from.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, max - total)), ct).ConfigureAwait(false)) > 0)
        {
            await to.WriteAsync(buffer.AsMemory(0, read), ct).ConfigureAwait(false);
            total += read;
        }

        return total;
    }
}
