using System.Text;
using RabbitMQ.Client;

namespace FakeLens.Server.Distributed;

/// <summary>
/// The RabbitMQ topology and publishing (RabbitMQ.Client 7). Queues, all durable, messages persistent:
/// <list type="bullet">
/// <item><c>{prefix}.jobs</c>: the work queue, a priority queue (interactive uploads before batch); workers consume it with manual acknowledgement.</item>
/// <item><c>{prefix}.retry.{ms}ms</c>: back-off delays; a job whose analysis crashed waits there (queue TTL) and is dead-lettered back to the work queue.</item>
/// <item><c>{prefix}.dead</c>: the dead-letter queue; the header <c>x-fakelens-reason</c> says why.</item>
/// </list>
/// Publishing waits for the broker's confirmation, so a job the server says was queued is on disk at the broker.
/// The connection recovers by itself after the broker restarts (automatic and topology recovery).
/// </summary>
public sealed class RabbitBroker : IAsyncDisposable
{
    /// <summary>Header with the reason a job was dead-lettered.</summary>
    public const string ReasonHeader = "x-fakelens-reason";

    /// <summary>Highest message priority the work queue distinguishes.</summary>
    public const int MaxPriority = 10;

    private readonly IConnection _connection;
    private readonly IChannel _publisher;
    private readonly SemaphoreSlim _publishLock = new(1, 1);

    private RabbitBroker(IConnection connection, IChannel publisher, string prefix, IReadOnlyList<TimeSpan> retryDelays)
    {
        _connection = connection;
        _publisher = publisher;
        Prefix = prefix;
        RetryDelays = retryDelays;
    }

    /// <summary>Queue name prefix (several deployments or tests can share one broker).</summary>
    public string Prefix { get; }

    /// <summary>The work queue.</summary>
    public string JobsQueue => Prefix + ".jobs";

    /// <summary>The dead-letter queue.</summary>
    public string DeadQueue => Prefix + ".dead";

    /// <summary>Back-off before retry n (1-based: the delay after the n-th failed attempt).</summary>
    public IReadOnlyList<TimeSpan> RetryDelays { get; }

    /// <summary>The connection (consumers open their channels on it).</summary>
    public IConnection Connection => _connection;

    /// <summary>Connects and declares the topology (idempotent; every server and worker declares the same).</summary>
    /// <param name="uri">amqp://user:password@host:port/vhost.</param>
    /// <param name="prefix">Queue name prefix.</param>
    /// <param name="retryDelays">Back-off delays, one per retry.</param>
    /// <param name="clientName">Shown in the broker's connection list.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>The broker.</returns>
    public static async Task<RabbitBroker> ConnectAsync(string uri, string prefix, IReadOnlyList<TimeSpan> retryDelays, string clientName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(retryDelays);
        var factory = new ConnectionFactory
        {
            Uri = new Uri(uri),
            AutomaticRecoveryEnabled = true,
            TopologyRecoveryEnabled = true,
            NetworkRecoveryInterval = TimeSpan.FromSeconds(1),
            RequestedHeartbeat = TimeSpan.FromSeconds(15),
            ClientProvidedName = clientName,
        };
        var connection = await factory.CreateConnectionAsync(cancellationToken).ConfigureAwait(false);
        var publisher = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), cancellationToken).ConfigureAwait(false);
        var broker = new RabbitBroker(connection, publisher, prefix, retryDelays);
        await broker.DeclareAsync(publisher, cancellationToken).ConfigureAwait(false);
        return broker;
    }

    /// <summary>Declares the queues on <paramref name="channel"/>.</summary>
    /// <param name="channel">A channel.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>A task.</returns>
    public async Task DeclareAsync(IChannel channel, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(channel);
        await channel.QueueDeclareAsync(JobsQueue, durable: true, exclusive: false, autoDelete: false,
            arguments: new Dictionary<string, object?> { ["x-max-priority"] = MaxPriority }, cancellationToken: cancellationToken).ConfigureAwait(false);
        await channel.QueueDeclareAsync(DeadQueue, durable: true, exclusive: false, autoDelete: false, arguments: null, cancellationToken: cancellationToken).ConfigureAwait(false);
        for (var n = 1; n <= RetryDelays.Count; n++)
        {
            await channel.QueueDeclareAsync(RetryQueue(n), durable: true, exclusive: false, autoDelete: false, arguments: new Dictionary<string, object?>
            {
                ["x-message-ttl"] = (int)RetryDelays[n - 1].TotalMilliseconds,
                ["x-dead-letter-exchange"] = string.Empty,
                ["x-dead-letter-routing-key"] = JobsQueue,
            }, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The back-off queue for retry <paramref name="n"/>, named by its delay (a queue's TTL cannot change, so processes configured with other delays use other queues instead of failing to declare).</summary>
    /// <param name="n">1-based retry number.</param>
    /// <returns>Its name.</returns>
    public string RetryQueue(int n) => $"{Prefix}.retry.{(long)RetryDelays[n - 1].TotalMilliseconds}ms";

    /// <summary>Queues a job (waits for the broker's confirmation).</summary>
    /// <param name="message">The job.</param>
    /// <param name="priority">Queue priority.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>A task.</returns>
    public Task PublishAsync(JobMessage message, int priority, CancellationToken cancellationToken) =>
        SendAsync(JobsQueue, message, priority, null, cancellationToken);

    /// <summary>Queues a job again after back-off <paramref name="retry"/> (1-based).</summary>
    /// <param name="message">The job, its attempt already incremented.</param>
    /// <param name="priority">Queue priority (kept when the delay queue dead-letters it back).</param>
    /// <param name="retry">Which delay.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>A task.</returns>
    public Task PublishRetryAsync(JobMessage message, int priority, int retry, CancellationToken cancellationToken) =>
        SendAsync(RetryQueue(Math.Clamp(retry, 1, RetryDelays.Count)), message, priority, null, cancellationToken);

    /// <summary>Moves a job to the dead-letter queue with its reason.</summary>
    /// <param name="message">The job.</param>
    /// <param name="priority">Its priority.</param>
    /// <param name="reason">Why (kept in the <see cref="ReasonHeader"/> header).</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>A task.</returns>
    public Task PublishDeadAsync(JobMessage message, int priority, string reason, CancellationToken cancellationToken) =>
        SendAsync(DeadQueue, message, priority, reason, cancellationToken);

    /// <summary>Messages ready in a queue and its consumers (passive declare; for /metrics).</summary>
    /// <param name="queue">Queue name.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>Ready messages and consumers.</returns>
    public async Task<(uint Messages, uint Consumers)> DepthAsync(string queue, CancellationToken cancellationToken)
    {
        var channel = await _connection.CreateChannelAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        await using (channel.ConfigureAwait(false))
        {
            var ok = await channel.QueueDeclarePassiveAsync(queue, cancellationToken).ConfigureAwait(false);
            return (ok.MessageCount, ok.ConsumerCount);
        }
    }

    /// <summary>Deletes this prefix's queues with their messages (benchmarks and tests clean up with it).</summary>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>A task.</returns>
    public async Task DeleteQueuesAsync(CancellationToken cancellationToken)
    {
        var channel = await _connection.CreateChannelAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        await using (channel.ConfigureAwait(false))
        {
            foreach (var queue in Enumerable.Range(1, RetryDelays.Count).Select(RetryQueue).Append(JobsQueue).Append(DeadQueue))
            {
                await channel.QueueDeleteAsync(queue, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Reads a header as text (RabbitMQ hands strings over as bytes).</summary>
    /// <param name="headers">The headers.</param>
    /// <param name="name">The header.</param>
    /// <returns>Its text or null.</returns>
    public static string? Header(IDictionary<string, object?>? headers, string name) =>
        headers is not null && headers.TryGetValue(name, out var value) ? value switch
        {
            byte[] bytes => Encoding.UTF8.GetString(bytes),
            null => null,
            _ => value.ToString(),
        } : null;

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await _publisher.DisposeAsync().ConfigureAwait(false);
        await _connection.DisposeAsync().ConfigureAwait(false);
        _publishLock.Dispose();
    }

    private async Task SendAsync(string queue, JobMessage message, int priority, string? reason, CancellationToken cancellationToken)
    {
        var properties = new BasicProperties
        {
            Persistent = true,
            ContentType = "application/json",
            MessageId = $"{message.Id}/{message.Attempt}",
            Priority = (byte)Math.Clamp(priority, 0, MaxPriority),
            Timestamp = new AmqpTimestamp(DateTimeOffset.UtcNow.ToUnixTimeSeconds()),
        };
        if (reason is not null)
        {
            properties.Headers = new Dictionary<string, object?> { [ReasonHeader] = Encoding.UTF8.GetBytes(reason) };
        }

        await _publishLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // mandatory: an unroutable message (queue deleted) is returned and the publish throws instead of vanishing.
            await _publisher.BasicPublishAsync(string.Empty, queue, mandatory: true, properties, message.ToBytes(), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _publishLock.Release();
        }
    }
}
