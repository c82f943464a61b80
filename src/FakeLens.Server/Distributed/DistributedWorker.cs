using FakeLens.Server.Jobs;
using FakeLens.Server.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using RabbitMQ.Client.Exceptions;

namespace FakeLens.Server.Distributed;

/// <summary>
/// <c>fakelens worker</c>: consumes the job queue with <see cref="WorkerOptions.Concurrency"/> consumers (one channel
/// each, prefetch 1, manual acknowledgement). For each message: claim the job row under a fresh lease (a duplicate or a
/// job already finished is acknowledged and dropped), analyse with a heartbeat running, write the result in one
/// transaction guarded by the lease (so it is written once), and only then acknowledge. An analysis that crashes is
/// retried after a back-off and dead-lettered with its reason after the last attempt; a database or broker fault hands
/// the message back instead (it is not the file's fault). On shutdown the job in hand is handed back.
/// </summary>
public sealed partial class DistributedWorker(
    PostgresJobStore store, RabbitBroker broker, IContentStore uploads, AnalyzerPool analyzers, DetectorClock clock,
    DistributedOptions options, WorkerOptions worker, TimeProvider time, ILogger<DistributedWorker> logger) : BackgroundService
{
    private readonly string _instance = Environment.MachineName + "-" + Environment.ProcessId + "-" + Guid.NewGuid().ToString("N")[..8];
    private int _inFlight;
    private long _processed;
    private long _duplicates;

    /// <summary>Jobs this process completed (done or failed), for tests and logs.</summary>
    public long Processed => Interlocked.Read(ref _processed);

    /// <summary>Deliveries dropped because the job was finished or held by another worker.</summary>
    public long Duplicates => Interlocked.Read(ref _duplicates);

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var channels = new List<(IChannel Channel, string Tag)>();
        for (var i = 0; i < Math.Max(1, worker.Concurrency); i++)
        {
            var channel = await broker.Connection.CreateChannelAsync(cancellationToken: stoppingToken).ConfigureAwait(false);
            await broker.DeclareAsync(channel, stoppingToken).ConfigureAwait(false);
            await channel.BasicQosAsync(0, 1, global: false, stoppingToken).ConfigureAwait(false);
            var lease = $"{_instance}-{i}";
            var consumer = new AsyncEventingBasicConsumer(channel);
            consumer.ReceivedAsync += (_, delivery) => HandleAsync(channel, delivery, lease, stoppingToken);
            var tag = await channel.BasicConsumeAsync(broker.JobsQueue, autoAck: false, consumer, stoppingToken).ConfigureAwait(false);
            channels.Add((channel, tag));
        }

        LogStarted(logger, _instance, channels.Count, broker.JobsQueue);
        try
        {
            await Task.Delay(Timeout.Infinite, stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Graceful stop: take no new deliveries, let the jobs in hand hand themselves back, then close.
        }

        foreach (var (channel, tag) in channels)
        {
            try
            {
                await channel.BasicCancelAsync(tag, noWait: false, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception e) when (e is RabbitMQClientException or IOException or InvalidOperationException)
            {
                // The channel is already gone; the broker requeues its unacknowledged messages.
            }
        }

        while (Volatile.Read(ref _inFlight) > 0)
        {
            await Task.Delay(50, CancellationToken.None).ConfigureAwait(false);
        }

        foreach (var (channel, _) in channels)
        {
            await channel.DisposeAsync().ConfigureAwait(false);
        }

        LogStopped(logger, _instance, Processed);
    }

    private async Task HandleAsync(IChannel channel, BasicDeliverEventArgs delivery, string lease, CancellationToken stoppingToken)
    {
        Interlocked.Increment(ref _inFlight);
        try
        {
            await ProcessAsync(channel, delivery, lease, stoppingToken).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // A consumer must never throw back into the client library; anything unexpected hands the message back.
        catch (Exception e)
#pragma warning restore CA1031
        {
            LogHandBack(logger, e, delivery.DeliveryTag);
            await NackAsync(channel, delivery.DeliveryTag).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    private async Task ProcessAsync(IChannel channel, BasicDeliverEventArgs delivery, string lease, CancellationToken stoppingToken)
    {
        var tag = delivery.DeliveryTag;
        var priority = delivery.BasicProperties.Priority;
        var message = JobMessage.Parse(delivery.Body.Span);
        if (message is null)
        {
            var bad = new JobMessage("unreadable", new string('0', 64), 1);
            await broker.PublishDeadAsync(bad, priority, "unreadable message: not a FakeLens job (" + delivery.Body.Length + " bytes)", CancellationToken.None).ConfigureAwait(false);
            await AckAsync(channel, tag).ConfigureAwait(false);
            return;
        }

        if (stoppingToken.IsCancellationRequested)
        {
            await NackAsync(channel, tag).ConfigureAwait(false);
            return;
        }

        JobRecord? job;
        try
        {
            job = await store.ClaimAsync(message.Id, lease, delivery.Redelivered, time.GetUtcNow() - options.StaleAfter, stoppingToken).ConfigureAwait(false);
        }
        catch (Exception e) when (IsInfrastructure(e))
        {
            LogInfrastructure(logger, e, message.Id);
            if (e is NpgsqlException n && PostgresJobStore.IsConnectionLoss(n))
            {
                store.DataSource.Clear();
            }

            await Task.Delay(TimeSpan.FromSeconds(1), CancellationToken.None).ConfigureAwait(false);
            await NackAsync(channel, tag).ConfigureAwait(false);
            return;
        }

        if (job is null)
        {
            // Finished, deleted, or healthily running under another worker: this delivery is a duplicate.
            Interlocked.Increment(ref _duplicates);
            LogDuplicate(logger, message.Id, delivery.Redelivered);
            await AckAsync(channel, tag).ConfigureAwait(false);
            return;
        }

        using var scope = logger.BeginScope(new Dictionary<string, object> { ["JobId"] = job.Id, ["Lease"] = lease, ["Attempt"] = job.Attempts, ["Delivery"] = message.Attempt });
        if (job.Attempts > options.MaxAttempts + options.MaxInterruptions)
        {
            // Workers keep dying on this file (it was taken over again and again): stop feeding it to them.
            var reason = $"interrupted: {job.Attempts - 1} workers stopped during the analysis of this file; it is not tried again.";
            await DeadLetterAsync(channel, tag, message, priority, "interrupted", reason).ConfigureAwait(false);
            return;
        }

        LogClaimed(logger, job.Id, job.Attempts, delivery.Redelivered);
        using var heartbeatStop = new CancellationTokenSource();
        var heartbeat = HeartbeatAsync(job.Id, lease, heartbeatStop.Token);
        JobOutcome? outcome = null;
        Exception? crash = null;
        try
        {
            var path = await uploads.LocalPathAsync(job.Sha256, stoppingToken).ConfigureAwait(false);
            outcome = await JobRunner.RunAsync(job, path, analyzers, p => _ = ProgressAsync(job.Id, lease, p), stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            await heartbeatStop.CancelAsync().ConfigureAwait(false);
            await heartbeat.ConfigureAwait(false);
            await HandBackAsync(channel, tag, job.Id, lease).ConfigureAwait(false);
            return;
        }
        catch (Exception e) when (IsInfrastructure(e))
        {
            await heartbeatStop.CancelAsync().ConfigureAwait(false);
            await heartbeat.ConfigureAwait(false);
            LogInfrastructure(logger, e, job.Id);
            await HandBackAsync(channel, tag, job.Id, lease).ConfigureAwait(false);
            return;
        }
#pragma warning disable CA1031 // Any other exception is the analysis crashing on this file: retry, then dead-letter with the reason.
        catch (Exception e)
#pragma warning restore CA1031
        {
            crash = e;
        }

        await heartbeatStop.CancelAsync().ConfigureAwait(false);
        await heartbeat.ConfigureAwait(false);
        if (crash is not null)
        {
            var reason = $"{crash.GetType().Name}: {crash.Message}";
            if (message.Attempt < options.MaxAttempts)
            {
                LogRetry(logger, crash, job.Id, message.Attempt, options.RetryDelays[message.Attempt - 1].TotalSeconds);
                await RetryDatabaseAsync(ct => store.ReleaseAsync(job.Id, lease, countAttempt: true, ct)).ConfigureAwait(false);
                await broker.PublishRetryAsync(message with { Attempt = message.Attempt + 1 }, priority, message.Attempt, CancellationToken.None).ConfigureAwait(false);
                await AckAsync(channel, tag).ConfigureAwait(false);
            }
            else
            {
                await DeadLetterAsync(channel, tag, message, priority, "poison", $"analysis crashed on all {message.Attempt} attempts; last: {reason}").ConfigureAwait(false);
            }

            return;
        }

        // The result is written once: the UPDATE is guarded by our lease. A dropped database connection is retried
        // (the pool opens a new one); if the database stays away, the message goes back and the job is done again.
        var completed = await RetryDatabaseAsync(ct => store.CompleteAsync(job.Id, lease, outcome!, ct)).ConfigureAwait(false);
        if (completed)
        {
            Interlocked.Increment(ref _processed);
            LogCompleted(logger, job.Id, outcome!.State.ToString().ToLowerInvariant(), outcome.Verdict ?? outcome.ErrorCode ?? string.Empty);
        }
        else
        {
            LogLeaseLost(logger, job.Id);
        }

        var durations = clock.Drain();
        try
        {
            await store.AddDetectorDurationsAsync(durations, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (IsInfrastructure(e))
        {
            clock.Restore(durations);
        }

        await AckAsync(channel, tag).ConfigureAwait(false);
    }

    private async Task DeadLetterAsync(IChannel channel, ulong tag, JobMessage message, byte priority, string code, string reason)
    {
        // Fail the row first (committed), then park the message with its reason, then acknowledge.
        await RetryDatabaseAsync(ct => store.FailAsync(message.Id, code, reason, ct)).ConfigureAwait(false);
        await broker.PublishDeadAsync(message, priority, reason, CancellationToken.None).ConfigureAwait(false);
        LogDeadLettered(logger, message.Id, reason);
        await AckAsync(channel, tag).ConfigureAwait(false);
    }

    private async Task HandBackAsync(IChannel channel, ulong tag, string id, string lease)
    {
        try
        {
            await store.ReleaseAsync(id, lease, countAttempt: false, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (IsInfrastructure(e))
        {
            // The broker redelivers the message and the next claim takes the job over (redelivered).
        }

        LogHandedBack(logger, id);
        await NackAsync(channel, tag).ConfigureAwait(false);
    }

    private async Task HeartbeatAsync(string id, string lease, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(options.HeartbeatInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stop).ConfigureAwait(false))
            {
                try
                {
                    if (!await store.HeartbeatAsync(id, lease, stop).ConfigureAwait(false))
                    {
                        LogLeaseLost(logger, id);
                        return;
                    }
                }
                catch (Exception e) when (IsInfrastructure(e))
                {
                    // Missed beat; the next one retries on a new connection.
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Job finished.
        }
    }

    private async Task ProgressAsync(string id, string lease, double progress)
    {
        try
        {
            await store.ReportProgressAsync(id, lease, progress, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (IsInfrastructure(e))
        {
            // A lost progress write only makes the bar lag.
        }
    }

    private async Task<T> RetryDatabaseAsync<T>(Func<CancellationToken, Task<T>> action)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await action(CancellationToken.None).ConfigureAwait(false);
            }
            catch (NpgsqlException e) when (attempt < 10 && PostgresJobStore.IsConnectionLoss(e))
            {
                // The pool's other idle connections are most likely dead too (database restarted or backends terminated).
                store.DataSource.Clear();
                await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt), CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    private Task RetryDatabaseAsync(Func<CancellationToken, Task> action) =>
        RetryDatabaseAsync(async ct =>
        {
            await action(ct).ConfigureAwait(false);
            return true;
        });

    private static async Task AckAsync(IChannel channel, ulong tag)
    {
        try
        {
            await channel.BasicAckAsync(tag, multiple: false, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is RabbitMQClientException or IOException or InvalidOperationException)
        {
            // The channel closed before the acknowledgement (broker restart): the message is redelivered, and the
            // job's row (already finished) makes that delivery a duplicate that is dropped.
        }
    }

    private static async Task NackAsync(IChannel channel, ulong tag)
    {
        try
        {
            await channel.BasicNackAsync(tag, multiple: false, requeue: true, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is RabbitMQClientException or IOException or InvalidOperationException)
        {
            // The channel is gone: the broker requeues the message anyway.
        }
    }

    /// <summary>Database or broker trouble (not the file's fault): the job is handed back, not counted as a crash.</summary>
    /// <param name="e">The exception.</param>
    /// <returns>True for infrastructure faults.</returns>
    public static bool IsInfrastructure(Exception e) => e is NpgsqlException or RabbitMQClientException or TimeoutException
        || (e is InvalidOperationException && e.InnerException is NpgsqlException);

    [LoggerMessage(Level = LogLevel.Information, Message = "Worker {Instance} consuming {Queue} with {Consumers} consumer(s).")]
    private static partial void LogStarted(ILogger logger, string instance, int consumers, string queue);

    [LoggerMessage(Level = LogLevel.Information, Message = "Worker {Instance} stopped after {Processed} job(s).")]
    private static partial void LogStopped(ILogger logger, string instance, long processed);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId} claimed (attempt {Attempt}, redelivered {Redelivered}).")]
    private static partial void LogClaimed(ILogger logger, string jobId, int attempt, bool redelivered);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId} completed: {State} ({Result}).")]
    private static partial void LogCompleted(ILogger logger, string jobId, string state, string result);

    [LoggerMessage(Level = LogLevel.Information, Message = "Duplicate delivery of job {JobId} dropped (redelivered {Redelivered}); it is finished or another worker holds it.")]
    private static partial void LogDuplicate(ILogger logger, string jobId, bool redelivered);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId}: the analysis crashed on delivery {Delivery}; retrying in {Seconds} s.")]
    private static partial void LogRetry(ILogger logger, Exception e, string jobId, int delivery, double seconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "Job {JobId} dead-lettered: {Reason}")]
    private static partial void LogDeadLettered(ILogger logger, string jobId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId}: database or broker fault; the message goes back to the queue.")]
    private static partial void LogInfrastructure(ILogger logger, Exception e, string jobId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId} handed back to the queue.")]
    private static partial void LogHandedBack(ILogger logger, string jobId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId}: lease lost (another worker took it over); this result is dropped.")]
    private static partial void LogLeaseLost(ILogger logger, string jobId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Delivery {Tag} failed unexpectedly; handed back.")]
    private static partial void LogHandBack(ILogger logger, Exception e, ulong tag);
}

/// <summary>Settings of one <c>fakelens worker</c> process.</summary>
public sealed record WorkerOptions
{
    /// <summary>Jobs analysed at the same time by this process (one consumer channel each).</summary>
    public int Concurrency { get; init; } = 1;
}
