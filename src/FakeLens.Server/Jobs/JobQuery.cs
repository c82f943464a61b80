namespace FakeLens.Server.Jobs;

/// <summary>A page of history: newest first, optionally filtered.</summary>
/// <param name="Owner">Only this owner's jobs.</param>
/// <param name="Page">1-based page number.</param>
/// <param name="PageSize">Jobs per page (1..100).</param>
/// <param name="Verdict">Only this verdict band (report form), or null.</param>
/// <param name="State">Only this state, or null.</param>
/// <param name="From">Uploaded at or after, or null.</param>
/// <param name="To">Uploaded before, or null.</param>
/// <param name="Search">Part of the file name or the start of the SHA-256, or null.</param>
public sealed record JobQuery(string Owner, int Page, int PageSize, string? Verdict, JobState? State, DateTimeOffset? From, DateTimeOffset? To, string? Search);
