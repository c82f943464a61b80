namespace FakeLens.Server.Jobs;

/// <summary>Where a job is in its life: queued → running → done or failed.</summary>
public enum JobState
{
    /// <summary>Waiting for a worker.</summary>
    Queued,

    /// <summary>A worker is analysing it.</summary>
    Running,

    /// <summary>Analysed: the report holds the verdict.</summary>
    Done,

    /// <summary>The file could not be analysed (its error says why, with the CLI's error codes).</summary>
    Failed,
}
