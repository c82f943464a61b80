namespace FakeLens.Server.Distributed;

/// <summary>Settings shared by <c>fakelens serve --broker … --database …</c> and <c>fakelens worker</c>.</summary>
public sealed record DistributedOptions
{
    /// <summary>RabbitMQ URI (amqp://user:password@host:5672/vhost).</summary>
    public required string Broker { get; init; }

    /// <summary>PostgreSQL connection string (Host=…;Username=…;Password=…;Database=…).</summary>
    public required string Database { get; init; }

    /// <summary>Queue name prefix.</summary>
    public string QueuePrefix { get; init; } = "fakelens";

    /// <summary>Back-off before each retry of a job whose analysis crashed; a job is tried <c>RetryDelays.Count + 1</c> times, then dead-lettered.</summary>
    public IReadOnlyList<TimeSpan> RetryDelays { get; init; } = [TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2)];

    /// <summary>A running job's heartbeat is written this often.</summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>A running job whose heartbeat is older than this belongs to a stuck or dead worker: it is published again and another worker takes it over.</summary>
    public TimeSpan StaleAfter { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Times a job may be taken over from workers that died during it (SIGKILL, out of memory) before it fails as interrupted.</summary>
    public int MaxInterruptions { get; init; } = 3;

    /// <summary>Most attempts in total (first try + retries).</summary>
    public int MaxAttempts => RetryDelays.Count + 1;
}
