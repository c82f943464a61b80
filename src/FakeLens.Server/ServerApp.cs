using System.Threading.RateLimiting;
using FakeLens.Core.Detection;
using FakeLens.Server.Api;
using FakeLens.Server.Distributed;
using FakeLens.Server.Jobs;
using FakeLens.Server.Security;
using FakeLens.Server.Storage;
using FakeLens.Server.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace FakeLens.Server;

/// <summary>Builds the service: Kestrel, the REST API, the job workers, the web page and the OpenAPI document.</summary>
public static class ServerApp
{
    /// <summary>Builds (does not start) the service; the database and upload folders are created if missing.</summary>
    /// <param name="options">Settings.</param>
    /// <param name="catalog">Detector factory (tests pass their own); null for <see cref="DetectorCatalog.All(DetectorOptions)"/>.</param>
    /// <param name="configure">Last changes to the host (tests use a test server or port 0).</param>
    /// <param name="cancellationToken">Stops the set-up.</param>
    /// <returns>The application, ready to <c>RunAsync</c> or <c>StartAsync</c>.</returns>
    /// <exception cref="AnalyzerConfigurationException">The analyzer options are wrong (unknown detector, bad trust anchors).</exception>
    public static async Task<WebApplication> CreateAsync(
        ServerOptions options, Func<DetectorOptions, IReadOnlyList<IDetector>>? catalog = null, Action<WebApplicationBuilder>? configure = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        Directory.CreateDirectory(options.DataDirectory);
        var pool = new AnalyzerPool(options.Analyzer, catalog ?? DetectorCatalog.All);
        pool.For(string.Empty); // fail now, not at the first upload, when the options are wrong

        var database = new SqliteDatabase(options.DatabasePath);
        IJobStore store;
        PostgresJobStore? postgres = null;
        RabbitBroker? broker = null;
        if (options.Distributed is { } distributed)
        {
            // Scale-out: jobs in PostgreSQL, published to RabbitMQ; `fakelens worker` processes analyse them.
            postgres = new PostgresJobStore(NpgsqlDataSource.Create(distributed.Database), TimeProvider.System);
            await postgres.InitializeAsync(cancellationToken).ConfigureAwait(false);
            broker = await RabbitBroker.ConnectAsync(distributed.Broker, distributed.QueuePrefix, distributed.RetryDelays, "fakelens-serve " + Environment.MachineName, cancellationToken).ConfigureAwait(false);
            options = options with { Workers = 0 };
            store = postgres;
        }
        else
        {
            store = new SqliteJobStore(database, TimeProvider.System);
            await store.InitializeAsync(cancellationToken).ConfigureAwait(false);
        }

        // Keys live beside the jobs: in scale-out mode every server behind the load balancer honours the same keys.
        var keys = postgres is not null ? new ApiKeyStore(postgres.DataSource, TimeProvider.System) : new ApiKeyStore(database, TimeProvider.System);
        await keys.InitializeAsync(cancellationToken).ConfigureAwait(false);

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = options.DataDirectory, Args = [] });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        if (options.Distributed is not null)
        {
            // Structured logs (one JSON object a line) for the log collectors of a cluster.
            builder.Logging.ClearProviders();
            builder.Logging.AddJsonConsole(o =>
            {
                o.IncludeScopes = true;
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z' ";
            });
        }

        builder.WebHost.UseUrls(options.Urls);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = options.MaxUploadBytes + UploadReader.MultipartSlack;
        });
        var services = builder.Services;
        services.AddSingleton(options);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(database);
        if (postgres is not null && broker is not null)
        {
            services.AddSingleton(postgres);
            services.AddSingleton(broker);
            services.AddSingleton(options.Distributed!);
            services.AddSingleton<IJobStore>(sp => new PublishingJobStore(postgres, broker, sp.GetRequiredService<ILogger<PublishingJobStore>>()));
            services.AddHostedService<OrphanSweeper>();
        }
        else
        {
            services.AddSingleton(store);
        }

        services.AddSingleton(keys);
        services.AddSingleton(pool);
        services.AddSingleton<IContentStore>(new UploadStore(options.DataDirectory));
        services.AddSingleton<JobSignal>();
        services.AddSingleton<ApiKeyFilter>();
        services.AddHostedService<JobWorkers>();
        services.AddSingleton<RetentionService>();
        services.AddHostedService(sp => sp.GetRequiredService<RetentionService>());
        services.AddProblemDetails();
        services.AddOpenApi(o => o.AddDocumentTransformer((doc, _, _) =>
        {
            doc.Info.Title = "FakeLens API";
            doc.Info.Description = "Upload images, audio or video; get a verdict (AI-generated, manipulated, authentic with verified provenance, no evidence found, inconclusive) with the evidence. Errors are RFC 9457 problem details with a stable 'code'.";
            return Task.CompletedTask;
        }).AddOperationTransformer(UploadBody.Describe));
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(AnalysesEndpoints.UploadPolicy, http => RateLimitPartition.GetFixedWindowLimiter(
                // One budget per presented API key (its hash, never the secret) or, without a key, per client address.
                ApiKeyFilter.Presented(http.Request) is { } key ? "key:" + ApiKeyStore.Hash(key) : "ip:" + http.Connection.RemoteIpAddress,
                _ => new FixedWindowRateLimiterOptions { PermitLimit = Math.Max(1, options.UploadsPerMinute), Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
            o.OnRejected = async (context, ct) =>
            {
                context.HttpContext.Response.Headers.RetryAfter = "60";
                await Problems.Of(StatusCodes.Status429TooManyRequests, "rate-limited", "Too many uploads",
                    $"At most {options.UploadsPerMinute} uploads per minute per API key (or per address without keys); try again in a minute.").ExecuteAsync(context.HttpContext).ConfigureAwait(false);
            };
        });
        configure?.Invoke(builder);

        var app = builder.Build();
        if (broker is not null)
        {
            // Disposed with the application (closes the broker connection).
            app.Lifetime.ApplicationStopped.Register(() => broker.DisposeAsync().AsTask().GetAwaiter().GetResult());
        }

        app.Use(SecurityHeaders.Apply);
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseRateLimiter();
        app.MapOpenApi().ExcludeFromDescription();
        app.MapGet("/healthz", () => Results.Text("ok")).ExcludeFromDescription();
        app.MapGet("/readyz", async (SqliteDatabase db, CancellationToken ct) =>
        {
            try
            {
                var connection = await db.OpenAsync(ct).ConfigureAwait(false);
                await connection.DisposeAsync().ConfigureAwait(false);
                if (postgres is not null)
                {
                    await postgres.CountByStateAsync(ct).ConfigureAwait(false);
                }

                return Results.Text("ready");
            }
            catch (Exception e) when (e is Microsoft.Data.Sqlite.SqliteException or NpgsqlException)
            {
                return Problems.Of(StatusCodes.Status503ServiceUnavailable, "not-ready", "Not ready", $"The job database cannot be opened: {e.Message}");
            }
        }).ExcludeFromDescription();
        if (postgres is not null)
        {
            app.MapGet("/metrics", async (PostgresJobStore pg, CancellationToken ct) => Results.Text(
                await MetricsEndpoint.RenderAsync(pg, broker, ct).ConfigureAwait(false), MetricsEndpoint.ContentType)).ExcludeFromDescription();
        }

        AnalysesEndpoints.Map(app, options);
        CompareEndpoints.Map(app, options);
        StaticAssets.Map(app);
        return app;
    }
}
