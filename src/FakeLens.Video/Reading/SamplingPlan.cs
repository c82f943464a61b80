namespace FakeLens.Video.Reading;

/// <summary>
/// Which stretches of a video are decoded: one window over the whole file when <c>duration × rate</c> fits the frame
/// budget, otherwise <c>budget / (rate × window)</c> windows spread evenly from start to end (first at 0, last ending
/// at the end). Unknown duration: one window as long as the budget allows, from the start.
/// </summary>
public sealed record SamplingPlan(IReadOnlyList<SamplingWindow> Windows, double FramesPerSecond, double? DurationSeconds)
{
    public bool CoversWholeFile => Windows.Count == 1 && DurationSeconds is { } d && Windows[0].StartSeconds <= 0 && Windows[0].LengthSeconds >= d;

    public double CoveredSeconds => Windows.Sum(w => w.LengthSeconds);

    public int ExpectedFrames => (int)Math.Ceiling(CoveredSeconds * FramesPerSecond);

    public static SamplingPlan For(double? durationSeconds, double framesPerSecond, int maxFrames, double windowSeconds)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(framesPerSecond);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxFrames);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(windowSeconds);
        var budgetSeconds = maxFrames / framesPerSecond;
        if (durationSeconds is not { } duration || duration <= 0)
        {
            return new SamplingPlan([new SamplingWindow(0, budgetSeconds)], framesPerSecond, null);
        }

        if (duration <= budgetSeconds)
        {
            return new SamplingPlan([new SamplingWindow(0, duration)], framesPerSecond, duration);
        }

        var length = Math.Min(windowSeconds, budgetSeconds);
        var count = Math.Max(1, (int)Math.Floor(budgetSeconds / length));
        var windows = new List<SamplingWindow>(count);
        for (var i = 0; i < count; i++)
        {
            var start = count == 1 ? 0 : (duration - length) * i / (count - 1);
            windows.Add(new SamplingWindow(Math.Round(start, 3), length));
        }

        return new SamplingPlan(windows, framesPerSecond, duration);
    }
}

/// <summary>A stretch of video to decode, in seconds from the start of the file.</summary>
public sealed record SamplingWindow(double StartSeconds, double LengthSeconds)
{
    public double EndSeconds => StartSeconds + LengthSeconds;
}
