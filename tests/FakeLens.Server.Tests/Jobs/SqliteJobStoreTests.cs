using FakeLens.Server.Jobs;
using FakeLens.Server.Storage;

namespace FakeLens.Server.Tests.Jobs;

public sealed class SqliteJobStoreTests : IAsyncLifetime
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "fakelens-store-tests", Guid.NewGuid().ToString("N"));
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));
    private SqliteJobStore _store = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_data);
        _store = new SqliteJobStore(new SqliteDatabase(Path.Combine(_data, "fakelens.db")), _clock);
        await _store.InitializeAsync(CancellationToken.None);
    }

    public Task DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_data, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Concurrent_claims_never_hand_one_job_to_two_workers()
    {
        for (var i = 0; i < 20; i++)
        {
            await _store.EnqueueAsync(Job(i), rerun: false, CancellationToken.None);
        }

        var claimed = await Task.WhenAll(Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            var mine = new List<string>();
            while (await _store.ClaimNextAsync($"w{w}", CancellationToken.None) is { } job)
            {
                mine.Add(job.Id);
            }

            return mine;
        })));

        var all = claimed.SelectMany(c => c).ToList();
        Assert.Equal(20, all.Count);
        Assert.Equal(20, all.Distinct().Count());
    }

    [Fact]
    public async Task Completion_with_a_stale_lease_is_dropped_so_a_job_finishes_once()
    {
        var (job, _) = await _store.EnqueueAsync(Job(1), rerun: false, CancellationToken.None);
        await _store.ClaimNextAsync("old", CancellationToken.None);
        Assert.Equal(1, await _store.RecoverInterruptedAsync(3, CancellationToken.None));
        await _store.ClaimNextAsync("new", CancellationToken.None);

        Assert.False(await _store.CompleteAsync(job.Id, "old", Outcome(), CancellationToken.None));
        Assert.True(await _store.CompleteAsync(job.Id, "new", Outcome(), CancellationToken.None));
        Assert.False(await _store.CompleteAsync(job.Id, "new", Outcome(), CancellationToken.None));

        var done = await _store.GetAsync(job.Id, string.Empty, CancellationToken.None);
        Assert.Equal((JobState.Done, 2, 1), (done!.State, done.Attempts, done.Completions));
    }

    [Fact]
    public async Task A_job_interrupted_too_often_fails_instead_of_looping()
    {
        var (job, _) = await _store.EnqueueAsync(Job(1), rerun: false, CancellationToken.None);
        for (var attempt = 0; attempt < 3; attempt++)
        {
            Assert.NotNull(await _store.ClaimNextAsync($"run{attempt}", CancellationToken.None));
            await _store.RecoverInterruptedAsync(3, CancellationToken.None);
        }

        var failed = await _store.GetAsync(job.Id, string.Empty, CancellationToken.None);
        Assert.Equal(JobState.Failed, failed!.State);
        Assert.Equal("interrupted", failed.ErrorCode);
        Assert.Null(await _store.ClaimNextAsync("again", CancellationToken.None));
    }

    [Fact]
    public async Task Retention_drops_uploads_html_and_heatmaps_but_keeps_the_verdict_and_json()
    {
        var (old, _) = await _store.EnqueueAsync(Job(1), rerun: false, CancellationToken.None);
        await _store.ClaimNextAsync("w", CancellationToken.None);
        await _store.CompleteAsync(old.Id, "w", Outcome(), CancellationToken.None);
        _clock.Advance(TimeSpan.FromDays(20));
        var (recent, _) = await _store.EnqueueAsync(Job(2), rerun: false, CancellationToken.None);
        await _store.ClaimNextAsync("w", CancellationToken.None);
        await _store.CompleteAsync(recent.Id, "w", Outcome(), CancellationToken.None);
        _clock.Advance(TimeSpan.FromDays(15));

        var orphans = await _store.ExpireUploadsAsync(_clock.GetUtcNow() - TimeSpan.FromDays(30), CancellationToken.None);

        Assert.Equal([Job(1).Sha256], orphans);
        var expired = await _store.GetAsync(old.Id, string.Empty, CancellationToken.None);
        Assert.True(expired!.UploadDeleted);
        Assert.Equal("no-evidence-found", expired.Verdict);
        Assert.NotNull(await _store.GetReportAsync(old.Id, string.Empty, html: false, CancellationToken.None));
        Assert.Null(await _store.GetReportAsync(old.Id, string.Empty, html: true, CancellationToken.None));
        Assert.Null(await _store.GetHeatmapAsync(old.Id, string.Empty, 0, CancellationToken.None));
        Assert.NotNull(await _store.GetHeatmapAsync(recent.Id, string.Empty, 0, CancellationToken.None));
        Assert.False((await _store.GetAsync(recent.Id, string.Empty, CancellationToken.None))!.UploadDeleted);
    }

    private static NewJob Job(int n) => new(string.Empty, $"f{n}.png", Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData([(byte)n])), 10, "image/png", string.Empty, "set");

    private static JobOutcome Outcome() => new()
    {
        State = JobState.Done,
        Verdict = "no-evidence-found",
        Confidence = 0.9,
        Probabilities = (0.05, 0.05, 0.9),
        Summary = "Nothing found.",
        ReportJson = "{}",
        ReportHtml = "<html></html>",
        Heatmaps = [[1, 2, 3]],
    };

    private sealed class ManualClock(DateTimeOffset now) : TimeProvider
    {
        private DateTimeOffset _now = now;

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }
}
