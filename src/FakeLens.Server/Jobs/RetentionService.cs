using FakeLens.Server.Storage;
using Microsoft.Extensions.Hosting;

namespace FakeLens.Server.Jobs;

/// <summary>Retention: every hour, uploads older than <see cref="ServerOptions.RetentionDays"/> days are deleted with the HTML reports and heatmaps that show them; verdicts and JSON reports stay.</summary>
public sealed class RetentionService(IJobStore store, IContentStore uploads, ServerOptions options, TimeProvider clock) : BackgroundService
{
    /// <summary>Runs one retention pass.</summary>
    /// <param name="cancellationToken">Stops the pass.</param>
    /// <returns>Uploads deleted from disk.</returns>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        if (options.RetentionDays <= 0)
        {
            return 0;
        }

        var orphans = await store.ExpireUploadsAsync(clock.GetUtcNow() - TimeSpan.FromDays(options.RetentionDays), cancellationToken).ConfigureAwait(false);
        foreach (var sha in orphans)
        {
            uploads.Delete(sha);
        }

        return orphans.Count;
    }

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromHours(1), clock);
        do
        {
            await SweepAsync(stoppingToken).ConfigureAwait(false);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }
}
