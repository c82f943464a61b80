using FakeLens.Server.Jobs;

namespace FakeLens.Server.Tests.Jobs;

/// <summary>
/// What every <see cref="IJobStore"/> must do alike, run against each store (SQLite here, PostgreSQL in the
/// scale-out tests): claims never double-hand a job, and retention drops uploads, HTML and heatmaps but keeps the
/// verdict and the JSON. Each subclass gives a fresh, empty store on the shared manual clock.
/// </summary>
public abstract class JobStoreContractTests : IAsyncLifetime
{
    private protected readonly ManualClock _clock = new(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));
    private protected IJobStore _store = null!;

    public async Task InitializeAsync()
    {
        _store = await CreateStoreAsync(_clock);
        await _store.InitializeAsync(CancellationToken.None);
    }

    public abstract Task DisposeAsync();

    private protected abstract Task<IJobStore> CreateStoreAsync(TimeProvider clock);

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

    [Fact]
    public async Task History_filters_by_owner_verdict_state_time_and_search_and_pages_newest_first()
    {
        var start = _clock.GetUtcNow();
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            var owner = i == 4 ? "someone-else" : "alice";
            var (job, _) = await _store.EnqueueAsync(Job(i) with { Owner = owner, FileName = i == 2 ? "Press_100%.JPG" : $"f{i}.png" }, rerun: false, CancellationToken.None);
            ids.Add(job.Id);
            _clock.Advance(TimeSpan.FromHours(1));
        }

        // Jobs 0 and 1 finish; 2 and 3 stay queued.
        for (var i = 0; i < 2; i++)
        {
            var claimed = await _store.ClaimNextAsync("w", CancellationToken.None);
            await _store.CompleteAsync(claimed!.Id, "w", Outcome(), CancellationToken.None);
        }

        async Task<List<string>> Ids(JobQuery q) => [.. (await _store.ListAsync(q, CancellationToken.None)).Items.Select(j => j.Id)];
        var all = new JobQuery("alice", 1, 10, null, null, null, null, null);

        Assert.Equal([ids[3], ids[2], ids[1], ids[0]], await Ids(all));
        Assert.Equal(4, (await _store.ListAsync(all with { PageSize = 3 }, CancellationToken.None)).Total);
        Assert.Equal([ids[0]], await Ids(all with { Page = 2, PageSize = 3 }));
        Assert.Equal([ids[1], ids[0]], await Ids(all with { Verdict = "no-evidence-found" }));
        Assert.Equal([ids[3], ids[2]], await Ids(all with { State = JobState.Queued }));
        Assert.Equal([ids[2], ids[1]], await Ids(all with { From = start + TimeSpan.FromMinutes(30), To = start + TimeSpan.FromMinutes(150) }));

        // File names match anywhere and without regard to case; '%' and '_' are literal; a SHA-256 matches by prefix only.
        Assert.Equal([ids[2]], await Ids(all with { Search = "press_100%" }));
        Assert.Empty(await Ids(all with { Search = "press_1000" }));
        Assert.Equal([ids[3]], await Ids(all with { Search = Job(3).Sha256[..12].ToUpperInvariant() }));
        Assert.Empty(await Ids(all with { Search = Job(3).Sha256[1..13] }));
        Assert.Empty(await Ids(all with { Search = Job(4).Sha256[..12] }));
    }

    private protected static NewJob Job(int n) => new(string.Empty, $"f{n}.png", Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData([(byte)n])), 10, "image/png", string.Empty, "set");

    private protected static JobOutcome Outcome() => new()
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

    private protected sealed class ManualClock(DateTimeOffset now) : TimeProvider
    {
        private DateTimeOffset _now = now;

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }
}
