namespace FakeLens.Server;

/// <summary>Settings of <c>fakelens serve</c>.</summary>
public sealed record ServerOptions
{
    /// <summary>Where Kestrel listens; loopback only by default.</summary>
    public string Urls { get; init; } = "http://127.0.0.1:5080";

    /// <summary>Folder holding the job database (fakelens.db) and the content-addressed uploads.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>Files analysed at the same time (the bounded worker pool); 0 runs no in-process worker (jobs wait for workers elsewhere).</summary>
    public int Workers { get; init; } = Math.Max(1, Environment.ProcessorCount / 2);

    /// <summary>Largest upload accepted, in bytes; larger ones are refused with 413 before they are read.</summary>
    public long MaxUploadBytes { get; init; } = 256L * 1024 * 1024;

    /// <summary>Uploads allowed per minute per API key (or per client address without keys); 0 turns the limit off.</summary>
    public int UploadsPerMinute { get; init; } = 120;

    /// <summary>Uploads (and the reports that embed them) are deleted this many days after their analysis; verdicts are kept. 0 keeps them forever.</summary>
    public int RetentionDays { get; init; } = 30;

    /// <summary>Refuse requests without a valid API key even when no key has been created yet. With at least one key, keys are always required.</summary>
    public bool RequireApiKey { get; init; }

    /// <summary>Detector choice, keys and limits for every analysis (a request's <c>detectors</c> narrows the choice).</summary>
    public AnalyzerOptions Analyzer { get; init; } = AnalyzerOptions.Default;

    /// <summary>A job that was running this many times when the process died is failed instead of re-queued.</summary>
    public int MaxAttempts { get; init; } = 3;

    /// <summary>Scale-out mode: PostgreSQL holds the jobs, RabbitMQ carries them to <c>fakelens worker</c> processes, and this process runs no analysis. Null: the embedded SQLite mode.</summary>
    public Distributed.DistributedOptions? Distributed { get; init; }

    /// <summary>The job database file inside <see cref="DataDirectory"/>.</summary>
    public string DatabasePath => Path.Combine(DataDirectory, "fakelens.db");
}
