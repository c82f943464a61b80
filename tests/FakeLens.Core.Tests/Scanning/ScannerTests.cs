using System.Runtime.CompilerServices;
using FakeLens.Core.Detection;
using FakeLens.Core.Evidence;
using FakeLens.Core.Fusion;
using FakeLens.Core.Media;
using FakeLens.Core.Reporting;
using FakeLens.Core.Scanning;

namespace FakeLens.Core.Tests.Scanning;

public sealed class ScannerTests : IDisposable
{
    private static readonly byte[] JpegBytes = [0xFF, 0xD8, 0xFF, 0xE0, 0, 16, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0, 1, 1, 0, 0, 1, 0, 1, 0, 0, 0xFF, 0xD9];
    private readonly string _dir = Directory.CreateTempSubdirectory("fakelens-scan-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, byte[] bytes)
    {
        var p = Path.Combine(_dir, name);
        File.WriteAllBytes(p, bytes);
        return p;
    }

    private static Scanner Make(params IDetector[] detectors) =>
        new([new FileFormatDetector(), .. detectors], new EvidenceFusion(), ScanLimits.Default with { FileTimeout = TimeSpan.FromSeconds(1) });

    [Fact]
    public async Task Missing_empty_and_non_media_files_get_their_own_errors_and_the_batch_goes_on()
    {
        var good = Write("good.jpg", JpegBytes);
        var empty = Write("empty.jpg", []);
        var text = Write("notes.jpg", "just some text, not a picture"u8.ToArray());
        var report = await Make(new StubDetector()).ScanAsync([Path.Combine(_dir, "missing.png"), empty, text, good]);

        Assert.Equal(["not-found", "empty", "not-media"], report.Files.Take(3).Select(f => f.Error!.Code));
        Assert.Contains("JPEG", report.Files[2].Error!.Message, StringComparison.Ordinal);
        Assert.Equal(FileStatus.Ok, report.Files[3].Status);
        Assert.NotNull(report.Files[3].Verdict);
        Assert.Equal(3, report.Summary.Errors);
        Assert.Equal(1, report.Summary.Analysed);
    }

    [Fact]
    public async Task Symlink_loop_is_an_unreadable_file_not_a_hang()
    {
        var a = Path.Combine(_dir, "a.jpg");
        var b = Path.Combine(_dir, "b.jpg");
        File.CreateSymbolicLink(a, b);
        File.CreateSymbolicLink(b, a);
        var report = await Make().ScanFileAsync(a);
        Assert.Equal(FileStatus.Error, report.Status);
        Assert.Contains("loop", report.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Extension_mismatch_is_reported_as_a_finding()
    {
        var renamed = Write("photo.png", JpegBytes);
        var report = await Make(new StubDetector()).ScanFileAsync(renamed);
        var finding = Assert.Single(report.Evidence, e => e.Id == "file.extension-mismatch");
        Assert.Contains("JPEG", finding.Title, StringComparison.Ordinal);
        Assert.Equal(MediaFormat.Jpeg, report.Media!.Format);
    }

    [Fact]
    public async Task A_crashing_detector_is_recorded_and_others_still_run()
    {
        var file = Write("x.jpg", JpegBytes);
        var report = await Make(new ThrowingDetector(new InvalidOperationException("boom")), new StubDetector()).ScanFileAsync(file);
        Assert.Equal(FileStatus.Ok, report.Status);
        var error = Assert.Single(report.DetectorErrors);
        Assert.Equal("detector-failed", error.Code);
        Assert.Contains("boom", error.Message, StringComparison.Ordinal);
        Assert.Contains(report.Evidence, e => e.Id == "stub.finding");
    }

    [Fact]
    public async Task A_corrupt_file_gets_no_verdict()
    {
        var file = Write("x.jpg", JpegBytes);
        var report = await Make(new ThrowingDetector(new MediaException("The image data is corrupt.") { Code = "corrupt" })).ScanFileAsync(file);
        Assert.Equal(FileStatus.Error, report.Status);
        Assert.Equal("corrupt", report.Error!.Code);
        Assert.Null(report.Verdict);
    }

    [Fact]
    public async Task A_detector_that_cannot_run_on_this_format_leaves_the_file_analysed()
    {
        var file = Write("x.jpg", JpegBytes);
        var report = await Make(new ThrowingDetector(new MediaException("HEIC pixels are not supported.") { Code = "unsupported", AffectsWholeFile = false }), new StubDetector()).ScanFileAsync(file);
        Assert.Equal(FileStatus.Ok, report.Status);
        Assert.Equal("unsupported", Assert.Single(report.DetectorErrors).Code);
    }

    [Fact]
    public async Task A_slow_detector_hits_the_file_time_limit()
    {
        var file = Write("x.jpg", JpegBytes);
        var limits = ScanLimits.Default with { FileTimeout = TimeSpan.FromSeconds(1), DetectorTimeout = TimeSpan.FromMinutes(1) };
        var report = await new Scanner([new FileFormatDetector(), new SlowDetector()], new EvidenceFusion(), limits).ScanFileAsync(file);
        Assert.Equal(FileStatus.Error, report.Status);
        Assert.Equal("timeout", report.Error!.Code);
    }

    [Fact]
    public async Task A_slow_detector_hits_the_detector_time_limit_and_the_others_still_run()
    {
        // Default: 95 % of the file limit.
        Assert.Equal(TimeSpan.FromSeconds(114), ScanLimits.Default.EffectiveDetectorTimeout);
        var file = Write("x.jpg", JpegBytes);
        var limits = ScanLimits.Default with { FileTimeout = TimeSpan.FromMinutes(1), DetectorTimeout = TimeSpan.FromMilliseconds(200) };
        var report = await new Scanner([new FileFormatDetector(), new SlowDetector(), new StubDetector()], new EvidenceFusion(), limits).ScanFileAsync(file);
        Assert.Equal(FileStatus.Ok, report.Status);
        var error = Assert.Single(report.DetectorErrors);
        Assert.Equal("detector-timeout", error.Code);
        Assert.Equal("slow", error.Detector);
        Assert.Contains("per-detector time limit", error.Message, StringComparison.Ordinal);
        Assert.True(report.Timings.DetectorsMs.ContainsKey("stub"));
        Assert.Contains(report.Evidence, e => e.DetectorId == "stub");
    }

    [Fact]
    public async Task A_detector_that_allocated_large_buffers_is_followed_by_a_compacting_full_collection()
    {
        // Issue 19: a 16 MP image's float planes left as garbage on the large-object heap raised the next heavy
        // detector's peak; the scanner compacts after any detector that allocated more than its threshold.
        var file = Write("x.jpg", JpegBytes);
        var before = GC.GetGCMemoryInfo(GCKind.FullBlocking).Index;
        var report = await new Scanner([new AllocatingDetector()], new EvidenceFusion(), ScanLimits.Default).ScanFileAsync(file);
        Assert.Equal(FileStatus.Ok, report.Status);
        var after = GC.GetGCMemoryInfo(GCKind.FullBlocking);
        Assert.True(after.Index > before, "a full blocking collection ran");
        Assert.True(after.Compacted, "and it compacted");
        Assert.Equal(System.Runtime.GCLargeObjectHeapCompactionMode.Default, System.Runtime.GCSettings.LargeObjectHeapCompactionMode);
    }

    [Fact]
    public async Task Media_no_detector_handles_is_reported_as_unsupported()
    {
        var wav = Write("a.wav", [.. "RIFF"u8, 0, 0, 0, 0, .. "WAVEfmt "u8]);
        var report = await new Scanner([new StubDetector()], new EvidenceFusion(), ScanLimits.Default).ScanFileAsync(wav);
        Assert.Equal("unsupported", report.Error!.Code);
    }

    [Fact]
    public async Task Files_over_the_size_limit_are_refused_before_reading()
    {
        var file = Write("big.jpg", [.. JpegBytes, .. new byte[4096]]);
        var scanner = new Scanner([new StubDetector()], new EvidenceFusion(), ScanLimits.Default with { MaxFileBytes = 1024 });
        var report = await scanner.ScanFileAsync(file);
        Assert.Equal("too-large", report.Error!.Code);
    }

    [Fact]
    public async Task Parallel_scan_keeps_input_order_and_records_timings()
    {
        var files = Enumerable.Range(0, 8).Select(i => Write($"f{i}.jpg", JpegBytes)).ToList();
        var report = await Make(new StubDetector()).ScanAsync(files, jobs: 4);
        Assert.Equal(files, report.Files.Select(f => f.Path));
        Assert.All(report.Files, f => Assert.True(f.Timings.DetectorsMs.ContainsKey("stub")));
        Assert.Equal(4, report.Settings.Jobs);
    }

    [Theory]
    [InlineData(1, 1, 0, 1)]
    [InlineData(2, 1, 0, 2)]
    [InlineData(2, 2, 1, 1)]
    [InlineData(2, 50, 7, 1)]
    [InlineData(4, 3, 0, 2)]
    [InlineData(4, 3, 1, 1)]
    [InlineData(4, 3, 2, 1)]
    [InlineData(0, 1, 0, 1)]
    public void Spare_jobs_of_a_short_batch_go_to_its_files_detectors(int jobs, int files, int index, int expected) =>
        Assert.Equal(expected, Scanner.DetectorThreads(jobs, files, index));

    [Fact]
    public async Task Detectors_run_in_parallel_give_the_sequential_report()
    {
        var file = Write("x.jpg", JpegBytes);
        var meeting = new Rendezvous();
        IDetector[] detectors =
        [
            new SharedValueDetector("a"), new ThrowingDetector(new InvalidOperationException("boom")), new MeetingDetector("m1", meeting),
            new MeetingDetector("m2", meeting), new SharedValueDetector("b"), new ThrowingDetector(new MediaException("The image data is corrupt.") { Code = "corrupt" }),
        ];
        var parallel = await Make(detectors).ScanFileAsync(file, detectorThreads: 3);

        // Both meeting detectors ran at the same time (each saw the other arrive), so the run was truly parallel.
        Assert.Equal(["a=1", "met", "met", "b=1"], parallel.Evidence.Select(e => e.Id).Where(id => id is "a=1" or "b=1" or "met" or "alone"));
        Assert.Equal(2, parallel.DetectorErrors.Count);

        // Same findings, errors and timing keys, in the same order, as one detector at a time (without the meeting pair).
        IDetector[] sequentialSet = [.. detectors.Where(d => d is not MeetingDetector)];
        var one = await Make(sequentialSet).ScanFileAsync(file, detectorThreads: 1);
        var many = await Make(sequentialSet).ScanFileAsync(file, detectorThreads: 4);
        Assert.Equal(one.Evidence.Select(e => e.Id), many.Evidence.Select(e => e.Id));
        Assert.Equal(one.DetectorErrors, many.DetectorErrors);
        Assert.Equal(one.Error, many.Error);
        Assert.Equal("corrupt", many.Error!.Code);
        Assert.Equal(one.Timings.DetectorsMs.Keys, many.Timings.DetectorsMs.Keys);
    }

    [Fact]
    public async Task A_slow_detector_hits_the_file_time_limit_with_parallel_detectors()
    {
        var file = Write("x.jpg", JpegBytes);
        // The per-detector limit (95 % of the file's by default) is lifted so that the file's own limit is what stops it.
        var limits = ScanLimits.Default with { FileTimeout = TimeSpan.FromSeconds(1), DetectorTimeout = TimeSpan.FromMinutes(1) };
        var report = await new Scanner([new FileFormatDetector(), new StubDetector(), new SlowDetector(), new StubDetector()], new EvidenceFusion(), limits).ScanFileAsync(file, detectorThreads: 2);
        Assert.Equal("timeout", report.Error!.Code);
        Assert.Equal("slow", report.Error.Detector);
    }

    [Fact]
    public async Task A_slow_detector_hits_the_detector_time_limit_with_parallel_detectors_and_the_others_still_run()
    {
        var file = Write("x.jpg", JpegBytes);
        var limits = ScanLimits.Default with { FileTimeout = TimeSpan.FromMinutes(1), DetectorTimeout = TimeSpan.FromMilliseconds(200) };
        var report = await new Scanner([new FileFormatDetector(), new SlowDetector(), new StubDetector()], new EvidenceFusion(), limits).ScanFileAsync(file, detectorThreads: 2);
        Assert.Equal(FileStatus.Ok, report.Status);
        var error = Assert.Single(report.DetectorErrors);
        Assert.Equal(("detector-timeout", "slow"), (error.Code, error.Detector));
        Assert.Contains(report.Evidence, e => e.DetectorId == "stub");
    }

    /// <summary>Two detectors that each wait (up to 30 s) for the other to arrive.</summary>
    private sealed class Rendezvous
    {
        public CountdownEvent Arrived { get; } = new(2);
    }

    private sealed class MeetingDetector(string id, Rendezvous rendezvous) : IDetector
    {
        public string Id => id;

        public string Description => "test";

        public EvidenceCategory Category => EvidenceCategory.Noise;

        public bool AppliesTo(MediaType media) => true;

        public ValueTask<IReadOnlyList<Core.Evidence.Evidence>> AnalyzeAsync(AnalysisContext context, CancellationToken cancellationToken)
        {
            rendezvous.Arrived.Signal();
            var met = rendezvous.Arrived.Wait(TimeSpan.FromSeconds(30), cancellationToken);
            return ValueTask.FromResult<IReadOnlyList<Core.Evidence.Evidence>>([TestEvidence.Make(met ? "met" : "alone", EvidenceDirection.Neutral, 1)]);
        }
    }

    /// <summary>Reads a per-file cached value, so detectors sharing it must see one computation.</summary>
    private sealed class SharedValueDetector(string name) : IDetector
    {
        public string Id => "shared-" + name;

        public string Description => "test";

        public EvidenceCategory Category => EvidenceCategory.Noise;

        public bool AppliesTo(MediaType media) => true;

        public ValueTask<IReadOnlyList<Core.Evidence.Evidence>> AnalyzeAsync(AnalysisContext context, CancellationToken cancellationToken)
        {
            var counter = context.GetOrCreate("test.counter", _ => new StrongBox<int>());
            var computed = context.GetOrCreate("test.value", _ => Interlocked.Increment(ref counter.Value));
            return ValueTask.FromResult<IReadOnlyList<Core.Evidence.Evidence>>([TestEvidence.Make($"{name}={computed}", EvidenceDirection.Neutral, 1)]);
        }
    }

    /// <summary>Allocates (and drops) twice the scanner's large-allocation threshold in large arrays.</summary>
    private sealed class AllocatingDetector : IDetector
    {
        public string Id => "allocating";

        public string Description => "test";

        public EvidenceCategory Category => EvidenceCategory.Noise;

        public bool AppliesTo(MediaType media) => true;

        public ValueTask<IReadOnlyList<Core.Evidence.Evidence>> AnalyzeAsync(AnalysisContext context, CancellationToken cancellationToken)
        {
            var sum = 0L;
            for (var i = 0; i < 8; i++)
            {
                var plane = new float[(int)(Scanner.LargeAllocationBytes / 16)];
                plane[^1] = i;
                sum += (long)plane[^1];
            }

            return ValueTask.FromResult<IReadOnlyList<Core.Evidence.Evidence>>([TestEvidence.Make($"allocated {sum}", EvidenceDirection.Neutral, 1)]);
        }
    }

    private sealed class StubDetector : IDetector
    {
        public string Id => "stub";

        public string Description => "test";

        public EvidenceCategory Category => EvidenceCategory.Noise;

        public bool AppliesTo(MediaType media) => media.Kind == MediaKind.Image;

        public ValueTask<IReadOnlyList<Core.Evidence.Evidence>> AnalyzeAsync(AnalysisContext context, CancellationToken cancellationToken) =>
            ValueTask.FromResult<IReadOnlyList<Core.Evidence.Evidence>>([TestEvidence.Make("stub.finding", EvidenceDirection.Neutral, 1)]);
    }

    private sealed class ThrowingDetector(Exception error) : IDetector
    {
        public string Id => "throws";

        public string Description => "test";

        public EvidenceCategory Category => EvidenceCategory.Noise;

        public bool AppliesTo(MediaType media) => true;

        public ValueTask<IReadOnlyList<Core.Evidence.Evidence>> AnalyzeAsync(AnalysisContext context, CancellationToken cancellationToken) => throw error;
    }

    private sealed class SlowDetector : IDetector
    {
        public string Id => "slow";

        public string Description => "test";

        public EvidenceCategory Category => EvidenceCategory.Noise;

        public bool AppliesTo(MediaType media) => true;

        public async ValueTask<IReadOnlyList<Core.Evidence.Evidence>> AnalyzeAsync(AnalysisContext context, CancellationToken cancellationToken)
        {
            await Task.Delay(TimeSpan.FromMinutes(5), cancellationToken);
            return [];
        }
    }
}
