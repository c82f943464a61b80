using System.Diagnostics;
using System.Security.Cryptography;
using FakeLens.Core.Detection;
using FakeLens.Core.Fusion;
using FakeLens.Core.Media;
using FakeLens.Core.Reporting;

namespace FakeLens.Core.Scanning;

/// <summary>
/// Runs detectors over files and fuses their findings. One file never stops the batch: every failure
/// (missing, empty, not media, corrupt, too large, too slow, a detector's bug) becomes an error entry in
/// that file's report. Memory per file is bounded by <see cref="ScanLimits.MaxFileBytes"/> and, for pixels,
/// by <see cref="ScanLimits.MaxPixels"/> (enforced by the decoders); time by <see cref="ScanLimits.FileTimeout"/>.
/// After the detectors, <see cref="Combiners"/> may add findings built from several others (docs/tamper.md);
/// findings a combined one replaces stay in the report and are left out of the verdict.
/// </summary>
public sealed class Scanner(IReadOnlyList<IDetector> detectors, EvidenceFusion fusion, ScanLimits limits, IReadOnlyList<IEvidenceCombiner>? combiners = null)
{
    public IReadOnlyList<IDetector> Detectors { get; } = detectors;

    public IReadOnlyList<IEvidenceCombiner> Combiners { get; } = combiners ?? [];

    public ScanLimits Limits { get; } = limits;

    /// <summary>Scans files in order, <paramref name="jobs"/> at a time; <paramref name="progress"/> hears of each file as it ends.</summary>
    public async Task<ScanReport> ScanAsync(IReadOnlyList<string> files, int jobs = 1, IProgress<FileReport>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(files);
        var started = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        var results = new FileReport[files.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, files.Count),
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, jobs), CancellationToken = cancellationToken },
            async (i, ct) =>
            {
                results[i] = await ScanFileAsync(files[i], DetectorThreads(jobs, files.Count, i), ct).ConfigureAwait(false);
                progress?.Report(results[i]);
            }).ConfigureAwait(false);

        return new ScanReport
        {
            Tool = ToolInfo.Current,
            StartedAt = started,
            DurationMs = Math.Round(clock.Elapsed.TotalMilliseconds, 1),
            Settings = new ScanSettings(Detectors.Select(d => d.Id).ToList(), Limits.MaxPixels, Math.Max(1, jobs), Limits.FileTimeout.TotalSeconds),
            Summary = ScanSummary.Of(results),
            Files = results,
        };
    }

    /// <summary>
    /// Detector threads for file <paramref name="index"/> of <paramref name="files"/> when <paramref name="jobs"/> threads
    /// are allowed: the spare threads of a batch smaller than <paramref name="jobs"/> go to its files' detectors (one file
    /// with <c>-j 2</c> runs two detectors at a time); a batch at least as long as <paramref name="jobs"/> runs each file's
    /// detectors one after another, so the total stays at <paramref name="jobs"/>.
    /// </summary>
    public static int DetectorThreads(int jobs, int files, int index)
    {
        jobs = Math.Max(1, jobs);
        if (files >= jobs || files <= 0)
        {
            return 1;
        }

        // Share jobs among the files, the first files taking the remainder.
        return (jobs / files) + (index < jobs % files ? 1 : 0);
    }

    /// <summary>Scans one file, its detectors one after another.</summary>
    public Task<FileReport> ScanFileAsync(string path, CancellationToken cancellationToken = default) =>
        ScanFileAsync(path, 1, cancellationToken);

    /// <summary>
    /// Scans one file, running up to <paramref name="detectorThreads"/> of its detectors at the same time. The report is
    /// the same as with one thread (findings, errors and timings in catalog order; detectors share the context's cached
    /// decode and intermediates), except that after a time-out the detectors already started may have finished.
    /// </summary>
    public async Task<FileReport> ScanFileAsync(string path, int detectorThreads, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        byte[] bytes;
        long? fileLength = null;
        try
        {
            bytes = await ReadAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (MediaException e)
        {
            var videoHead = e.Code == "too-large" ? await ReadVideoHeadAsync(path, cancellationToken).ConfigureAwait(false) : null;
            if (videoHead is null)
            {
                return Failed(path, null, e.Code, e.Message, clock);
            }

            bytes = videoHead;
            fileLength = new FileInfo(path).Length;
        }

        var head = bytes.AsSpan(0, Math.Min(bytes.Length, MediaSniffer.HeaderLength));
        var media = MediaSniffer.Sniff(head, path);
        if (media.Format == MediaFormat.Unknown)
        {
            var hex = Convert.ToHexString(bytes.AsSpan(0, Math.Min(bytes.Length, 8)));
            var hint = media.ExtensionHint is { } h ? $" although its name ends as a {h.ToString().ToUpperInvariant()} file" : string.Empty;
            return Failed(path, bytes, "not-media", $"Not a recognised image, audio or video file{hint} (first bytes: {hex}).", clock, media);
        }

        var context = new AnalysisContext(path, bytes, media, Limits) { BytesArePartial = fileLength is not null };
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Limits.FileTimeout);
        var evidence = new List<Evidence.Evidence>();
        var errors = new List<FileError>();
        var timings = new Dictionary<string, double>(StringComparer.Ordinal);
        FileError? fatal = null;
        var applicable = Detectors.Where(d => d.AppliesTo(media)).ToList();
        var outcomes = new DetectorOutcome?[applicable.Count];
        if (detectorThreads <= 1 || applicable.Count <= 1)
        {
            for (var i = 0; i < applicable.Count; i++)
            {
                outcomes[i] = await RunDetectorAsync(applicable[i], context, timeout.Token).ConfigureAwait(false);
                if (outcomes[i]!.Failure is OperationCanceledException && timeout.IsCancellationRequested)
                {
                    break;
                }
            }
        }
        else
        {
            // Detectors in catalog order, up to detectorThreads at a time (the first ones, decoders among them, start
            // first); the outcomes are then read in catalog order exactly as the sequential loop reads them.
            try
            {
                await Parallel.ForEachAsync(
                    Enumerable.Range(0, applicable.Count),
                    new ParallelOptions { MaxDegreeOfParallelism = detectorThreads, CancellationToken = timeout.Token },
                    async (i, _) => outcomes[i] = await RunDetectorAsync(applicable[i], context, timeout.Token).ConfigureAwait(false)).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested)
            {
                // Detectors never started keep a null outcome; the first cancelled or missing one names the time-out below.
            }
        }

        for (var i = 0; i < applicable.Count; i++)
        {
            var detector = applicable[i];
            var outcome = outcomes[i];
            if (outcome is null || (outcome.Failure is OperationCanceledException && timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested))
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (!timeout.IsCancellationRequested)
                {
                    // Sequential loop stopped early for a reason other than the time-out: cannot happen; keep going.
                    continue;
                }

                fatal = new FileError("timeout", $"Analysis stopped after {Limits.FileTimeout.TotalSeconds:0} s (the per-file time limit), during {detector.Id}.", detector.Id);
                errors.Add(fatal);
                if (outcome is not null)
                {
                    timings[detector.Id] = outcome.Milliseconds;
                }

                break;
            }

            timings[detector.Id] = outcome.Milliseconds;
            if (outcome.TimedOut)
            {
                errors.Add(new FileError("detector-timeout", $"{detector.Id} was stopped after {Limits.EffectiveDetectorTimeout.TotalSeconds:0.#} s (the per-detector time limit); the other detectors' results stand.", detector.Id));
                continue;
            }

            switch (outcome.Failure)
            {
                case null:
                    evidence.AddRange(outcome.Evidence!);
                    break;
                case OperationCanceledException oce:
                    throw new OperationCanceledException(oce.Message, oce, cancellationToken);
                case MediaException e:
                    var error = new FileError(e.Code, e.Message, detector.Id);
                    errors.Add(error);
                    if (e.AffectsWholeFile && !context.BytesArePartial)
                    {
                        fatal ??= error with { Detector = null };
                    }

                    break;
                case var e:
                    errors.Add(new FileError("detector-failed", $"{detector.Id} failed on this file: {e.GetType().Name}: {e.Message}", detector.Id));
                    break;
            }
        }

        var replaced = new HashSet<Evidence.Evidence>(ReferenceEqualityComparer.Instance);
        foreach (var combiner in fatal is null ? Combiners : [])
        {
            var t = Stopwatch.StartNew();
            try
            {
                var combination = combiner.Combine(context, evidence, timeout.Token);
                evidence.AddRange(combination.Added);
                replaced.UnionWith(combination.Replaces);
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                fatal = new FileError("timeout", $"Analysis stopped after {Limits.FileTimeout.TotalSeconds:0} s (the per-file time limit), during {combiner.Id}.", combiner.Id);
                errors.Add(fatal);
                break;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                errors.Add(new FileError("detector-failed", $"{combiner.Id} failed on this file: {e.GetType().Name}: {e.Message}", combiner.Id));
            }
            finally
            {
                timings[combiner.Id] = Math.Round(t.Elapsed.TotalMilliseconds, 2);
            }
        }

        if (applicable.Count == 0)
        {
            fatal = new FileError("unsupported", $"No detector in this build analyses {media.Kind.ToString().ToLowerInvariant()} files ({media.MimeType}) yet.");
        }

        var size = context.PixelSize;
        return new FileReport
        {
            Path = path,
            SizeBytes = fileLength ?? bytes.LongLength,
            Sha256 = fileLength is null ? Convert.ToHexStringLower(SHA256.HashData(bytes)) : await HashFileAsync(path, cancellationToken).ConfigureAwait(false),
            Media = media,
            Width = size?.Width,
            Height = size?.Height,
            Status = fatal is null ? FileStatus.Ok : FileStatus.Error,
            Error = fatal,
            Verdict = fatal is null ? fusion.Fuse(replaced.Count == 0 ? evidence : evidence.Where(e => !replaced.Contains(e)).ToList()) : null,
            Evidence = evidence,
            DetectorErrors = errors,
            Timings = new FileTimings(Math.Round(clock.Elapsed.TotalMilliseconds, 2), timings),
        };
    }

    private async Task<byte[]> ReadAsync(string path, CancellationToken ct)
    {
        try
        {
            var info = new FileInfo(path);
            if (info.LinkTarget is not null)
            {
                // Throws IOException on a link loop; a dangling link shows up as "not found" below.
                var target = info.ResolveLinkTarget(returnFinalTarget: true);
                info = target as FileInfo ?? new FileInfo(target?.FullName ?? path);
            }

            if (Directory.Exists(info.FullName))
            {
                throw new MediaException("This is a folder, not a file.") { Code = "not-media" };
            }

            if (!info.Exists)
            {
                throw new MediaException("File not found.") { Code = "not-found" };
            }

            if (info.Length == 0)
            {
                throw new MediaException("The file is empty (0 bytes).") { Code = "empty" };
            }

            if (info.Length > Limits.MaxFileBytes)
            {
                throw new MediaException($"The file is {info.Length / 1048576.0:0.#} MiB, above the {Limits.MaxFileBytes / 1048576.0:0.#} MiB limit for one file.") { Code = "too-large" };
            }

            return await File.ReadAllBytesAsync(info.FullName, ct).ConfigureAwait(false);
        }
        catch (UnauthorizedAccessException)
        {
            throw new MediaException("Permission denied: the file cannot be read.") { Code = "unreadable" };
        }
        catch (IOException e)
        {
            var loop = e.Message.Contains("symbolic link", StringComparison.OrdinalIgnoreCase) || e.Message.Contains("Too many levels", StringComparison.OrdinalIgnoreCase);
            throw new MediaException(loop ? "The path is a loop of symbolic links." : $"The file cannot be read: {e.Message}") { Code = "unreadable" };
        }
    }

    /// <summary>
    /// The first <see cref="VideoHeadBytes"/> of a file too large to read whole, when they sniff as video: video is
    /// analysed from the path by ffmpeg (bounded memory), so a long video is not refused for its size alone.
    /// </summary>
    private static async Task<byte[]?> ReadVideoHeadAsync(string path, CancellationToken ct)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
        var head = new byte[(int)Math.Min(stream.Length, VideoHeadBytes)];
        await stream.ReadExactlyAsync(head, ct).ConfigureAwait(false);
        var media = MediaSniffer.Sniff(head.AsSpan(0, Math.Min(head.Length, MediaSniffer.HeaderLength)), path);
        return media.Kind == MediaKind.Video ? head : null;
    }

    private static async Task<string> HashFileAsync(string path, CancellationToken ct)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, useAsync: true);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, ct).ConfigureAwait(false));
    }

    /// <summary>Runs one detector, catching whatever it throws (read back in catalog order by the caller).</summary>
    private async Task<DetectorOutcome> RunDetectorAsync(IDetector detector, AnalysisContext context, CancellationToken ct)
    {
        var t = Stopwatch.StartNew();

        // Huge pages for the managed memory this detector will commit afresh (the previous detector's aggressive collection
        // decommitted what it freed, and a decommit drops the advice): one system call (docs/performance.md, ninth round).
        ManagedHeapPages.Advise();
        var allocated = GC.GetTotalAllocatedBytes(precise: false);
        // The per-detector limit: one stalled detector is stopped and named, and the others' results stand.
        using var detectorTimeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        detectorTimeout.CancelAfter(Limits.EffectiveDetectorTimeout);
        try
        {
            var found = await detector.AnalyzeAsync(context, detectorTimeout.Token).ConfigureAwait(false);
            return new DetectorOutcome(found, null, Math.Round(t.Elapsed.TotalMilliseconds, 2));
        }
        catch (OperationCanceledException) when (detectorTimeout.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            return new DetectorOutcome(null, null, Math.Round(t.Elapsed.TotalMilliseconds, 2)) { TimedOut = true };
        }
        catch (Exception e)
        {
            return new DetectorOutcome(null, e, Math.Round(t.Elapsed.TotalMilliseconds, 2));
        }
        finally
        {
            // A detector that allocated large managed buffers (a 16 MP image's float planes are 64 MB each) leaves them
            // as garbage on the large-object heap, which the GC neither collects nor compacts on its own before the
            // next heavy detector allocates on top: one compacting full collection here took a 16 MP scan's peak RSS
            // from 617 to 560 MB (a non-compacting one: no change). Small images never reach the threshold. The
            // aggressive mode (compacting, large-object heap included) also decommits the regions it freed, which a
            // forced collection kept committed for later use: the RSS between detectors fell by ~50 MiB and, after the
            // learned model, by ~150 MiB (16 MP, docs/performance.md, seventh round).
            if (GC.GetTotalAllocatedBytes(precise: false) - allocated > LargeAllocationBytes)
            {
                GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            }

            // What the detector's native libraries freed goes back to the system before the next detector allocates.
            NativeHeap.Trim();
        }
    }

    private sealed record DetectorOutcome(IReadOnlyList<Evidence.Evidence>? Evidence, Exception? Failure, double Milliseconds)
    {
        /// <summary>Stopped by the per-detector time limit (not the file's).</summary>
        public bool TimedOut { get; init; }
    }

    /// <summary>Managed bytes a detector must allocate before the scanner compacts the heap after it (issue 19).</summary>
    internal const long LargeAllocationBytes = 32L << 20;

    /// <summary>How much of an over-size video is read into memory for the detectors that read bytes (sniffing, headers).</summary>
    public const int VideoHeadBytes = 4 * 1024 * 1024;

    private static FileReport Failed(string path, byte[]? bytes, string code, string message, Stopwatch clock, MediaType? media = null) => new()
    {
        Path = path,
        SizeBytes = bytes?.LongLength,
        Sha256 = bytes is null ? null : Convert.ToHexStringLower(SHA256.HashData(bytes)),
        Media = media,
        Status = FileStatus.Error,
        Error = new FileError(code, message),
        Timings = new FileTimings(Math.Round(clock.Elapsed.TotalMilliseconds, 2), new Dictionary<string, double>()),
    };
}
