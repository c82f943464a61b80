using FakeLens.Server.Jobs;
using FakeLens.Server.Storage;

namespace FakeLens.Server.Tests.Jobs;

/// <summary>The SQLite store: the shared contract plus its own lease recovery (a restarted server re-queues running jobs).</summary>
public sealed class SqliteJobStoreTests : JobStoreContractTests
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "fakelens-store-tests", Guid.NewGuid().ToString("N"));

    public override Task DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_data, recursive: true);
        return Task.CompletedTask;
    }

    private protected override Task<IJobStore> CreateStoreAsync(TimeProvider clock)
    {
        Directory.CreateDirectory(_data);
        return Task.FromResult<IJobStore>(new SqliteJobStore(new SqliteDatabase(Path.Combine(_data, "fakelens.db")), clock));
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
}
