namespace FakeLens.Server.Jobs;

/// <summary>One page of history and the number of jobs that match in all.</summary>
/// <param name="Items">The jobs on this page.</param>
/// <param name="Total">Matching jobs over all pages.</param>
public sealed record JobPage(IReadOnlyList<JobRecord> Items, int Total);
