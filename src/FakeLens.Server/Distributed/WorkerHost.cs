using FakeLens.Core.Detection;
using FakeLens.Server.Jobs;
using FakeLens.Server.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace FakeLens.Server.Distributed;

/// <summary>Builds the <c>fakelens worker</c> process: PostgreSQL store, RabbitMQ consumer, shared upload store, structured (JSON) logs.</summary>
public static class WorkerHost
{
    /// <summary>Connects, migrates the schema and builds (does not start) the worker host.</summary>
    /// <param name="distributed">Broker, database and delivery settings.</param>
    /// <param name="worker">This process's settings.</param>
    /// <param name="storeDirectory">The shared upload store: the folder holding <c>uploads/</c> (the servers' <c>--data</c>, mounted on every machine).</param>
    /// <param name="analyzer">Analyzer options.</param>
    /// <param name="catalog">Detector factory; null for <see cref="DetectorCatalog.All(DetectorOptions)"/>.</param>
    /// <param name="configureLogging">Changes to logging (tests).</param>
    /// <param name="cancellationToken">Stops the set-up.</param>
    /// <returns>The host.</returns>
    public static async Task<IHost> CreateAsync(
        DistributedOptions distributed, WorkerOptions worker, string storeDirectory, AnalyzerOptions analyzer,
        Func<DetectorOptions, IReadOnlyList<IDetector>>? catalog = null, Action<ILoggingBuilder>? configureLogging = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(distributed);
        var clock = new DetectorClock();
        var pool = new AnalyzerPool(analyzer, clock.Wrap(catalog ?? DetectorCatalog.All));
        pool.For(string.Empty); // fail now when the options are wrong
        var dataSource = NpgsqlDataSource.Create(distributed.Database);
        var store = new PostgresJobStore(dataSource, TimeProvider.System);
        await store.InitializeAsync(cancellationToken).ConfigureAwait(false);
        var broker = await RabbitBroker.ConnectAsync(distributed.Broker, distributed.QueuePrefix, distributed.RetryDelays, "fakelens-worker " + Environment.MachineName, cancellationToken).ConfigureAwait(false);

        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { Args = [] });
        builder.Services.AddLogging(l =>
        {
            l.SetMinimumLevel(LogLevel.Information);
            l.AddJsonConsole(o =>
            {
                o.IncludeScopes = true;
                o.TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z' ";
                o.UseUtcTimestamp = true;
            });
            configureLogging?.Invoke(l);
        });
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(30));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(distributed);
        builder.Services.AddSingleton(worker);
        builder.Services.AddSingleton(store);
        builder.Services.AddSingleton(dataSource);
        builder.Services.AddSingleton(broker);
        builder.Services.AddSingleton(clock);
        builder.Services.AddSingleton(pool);
        builder.Services.AddSingleton<IContentStore>(new UploadStore(storeDirectory, cleanIncoming: false));
        builder.Services.AddSingleton<DistributedWorker>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<DistributedWorker>());
        return builder.Build();
    }
}
