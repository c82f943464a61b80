namespace FakeLens.Video.Container;

/// <summary>One track's edit list (ISO/IEC 14496-12 §8.6.6 <c>elst</c>): which stretches of the track's media are
/// shown, in what order and at what rate. <paramref name="Handler"/> is the track's handler type (<c>vide</c>,
/// <c>soun</c>, …); times are in seconds (movie timescale for durations, media timescale for media times).</summary>
public sealed record EditList(int TrackIndex, string Handler, IReadOnlyList<EditListEntry> Entries)
{
    /// <summary>Empty edits (media time −1): the track starts later than the movie, or pauses.</summary>
    public int EmptyEdits => Entries.Count(e => e.MediaTimeSeconds is null);

    /// <summary>Edits that show media (not empty).</summary>
    public int MediaEdits => Entries.Count(e => e.MediaTimeSeconds is not null);

    /// <summary>An edit played at a rate other than 1 (slow motion, speed-up, freeze frame at rate 0).</summary>
    public bool RateChanged => Entries.Any(e => e.MediaTimeSeconds is not null && Math.Abs(e.Rate - 1) > 1e-6);
}

/// <summary>One <c>elst</c> entry: <paramref name="DurationSeconds"/> of movie time showing media from
/// <paramref name="MediaTimeSeconds"/> (null = empty edit) at <paramref name="Rate"/>.</summary>
public sealed record EditListEntry(double DurationSeconds, double? MediaTimeSeconds, double Rate);
