using System.Globalization;
using System.Text;

namespace FakeLens.Server.Distributed;

/// <summary><c>GET /metrics</c> in Prometheus text format (0.0.4): queue depth, jobs by state, detector run times.</summary>
public static class MetricsEndpoint
{
    /// <summary>Content type of the Prometheus text format.</summary>
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    /// <summary>Renders the metrics.</summary>
    /// <param name="store">Job store (PostgreSQL).</param>
    /// <param name="broker">Broker, or null (then no queue metrics).</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>The text.</returns>
    public static async Task<string> RenderAsync(PostgresJobStore store, RabbitBroker? broker, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var text = new StringBuilder();
        if (broker is not null)
        {
            text.Append("# HELP fakelens_queue_messages Messages ready in the broker queue (not yet delivered to a worker).\n# TYPE fakelens_queue_messages gauge\n");
            var consumers = new StringBuilder("# HELP fakelens_queue_consumers Consumers (worker slots) on the queue.\n# TYPE fakelens_queue_consumers gauge\n");
            var up = 1;
            foreach (var queue in new[] { broker.JobsQueue, broker.DeadQueue })
            {
                try
                {
                    var (messages, count) = await broker.DepthAsync(queue, cancellationToken).ConfigureAwait(false);
                    text.Append(CultureInfo.InvariantCulture, $"fakelens_queue_messages{{queue=\"{queue}\"}} {messages}\n");
                    consumers.Append(CultureInfo.InvariantCulture, $"fakelens_queue_consumers{{queue=\"{queue}\"}} {count}\n");
                }
                catch (Exception e) when (DistributedWorker.IsInfrastructure(e) || e is IOException)
                {
                    up = 0;
                }
            }

            text.Append(consumers);
            text.Append(CultureInfo.InvariantCulture, $"# HELP fakelens_broker_up 1 when the broker answered this scrape.\n# TYPE fakelens_broker_up gauge\nfakelens_broker_up {up}\n");
        }

        text.Append("# HELP fakelens_jobs Jobs by state.\n# TYPE fakelens_jobs gauge\n");
        foreach (var (state, count) in await store.CountByStateAsync(cancellationToken).ConfigureAwait(false))
        {
            text.Append(CultureInfo.InvariantCulture, $"fakelens_jobs{{state=\"{state}\"}} {count}\n");
        }

        text.Append("# HELP fakelens_detector_duration_seconds Time spent in each detector, over all workers.\n# TYPE fakelens_detector_duration_seconds summary\n");
        foreach (var (detector, runs, seconds) in await store.DetectorDurationsAsync(cancellationToken).ConfigureAwait(false))
        {
            var label = detector.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);
            text.Append(CultureInfo.InvariantCulture, $"fakelens_detector_duration_seconds_sum{{detector=\"{label}\"}} {seconds:R}\n");
            text.Append(CultureInfo.InvariantCulture, $"fakelens_detector_duration_seconds_count{{detector=\"{label}\"}} {runs}\n");
        }

        return text.ToString();
    }
}
