namespace FakeLens.Faces.Blend;

/// <summary>
/// Sliding-window rows of a face track for the window kind of <see cref="FaceBlendModel"/>: a classifier that sees how
/// the blend features of a face behave over a short stretch of frames (the per-frame mask of a face swap flickers along
/// the hull; a real outline moves with the head), independent of how long the track is. A track's measured frames, in
/// order and split wherever the track is interrupted (a null frame that is a sampling gap is passed as a break by the
/// caller), are cut into every run of <c>window</c> consecutive measured frames (stride 1); a piece with fewer than
/// <c>window</c> but at least <see cref="MinFrames"/> frames gives one window over all of them. Each window becomes one
/// row: for every blend feature, the statistics named in <see cref="Stats"/> over its frames, statistic by statistic
/// (all features' means, then all standard deviations, ...). Training (simulated 8-frame tracks) and scan time (tracks
/// of any length) use this same code.
/// </summary>
public static class FaceBlendWindows
{
    /// <summary>The statistics a window row may hold, in this order of names.</summary>
    public static IReadOnlyList<string> Stats { get; } = ["mean", "std", "absdiff", "min", "max"];

    /// <summary>Fewest measured frames a window may have (as the per-track rule of <see cref="FaceBlendEvidence"/>).</summary>
    public const int MinFrames = FaceBlendEvidence.MinTrackFrames;

    /// <summary>One window: its row and the indices (into the frame list) of its first and last frame.</summary>
    public sealed record Window(float[] Row, int First, int Last);

    /// <summary>Checks and normalises a statistics list ("mean,std"): known names, no repeats, at least one.</summary>
    public static string[] ParseStats(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var names = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(s => s.ToLowerInvariant()).ToArray();
        if (names.Length == 0 || names.Distinct().Count() != names.Length || names.Any(n => !Stats.Contains(n)))
        {
            throw new FormatException($"window statistics '{text}': give a comma-separated list of distinct names from {string.Join(", ", Stats)}");
        }

        return names;
    }

    /// <summary>Row length for the given statistics over features of the given width.</summary>
    public static int RowLength(IReadOnlyList<string> stats, int features) => stats.Count * features;

    /// <summary>
    /// The windows of a track. <paramref name="frames"/>: per frame slot its features (null = not measured);
    /// <paramref name="breaks"/> (optional, same length): true where the track is interrupted before that slot, so no
    /// window spans it.
    /// </summary>
    public static List<Window> Windows(IReadOnlyList<float[]?> frames, int window, IReadOnlyList<string> stats, IReadOnlyList<bool>? breaks = null)
    {
        ArgumentNullException.ThrowIfNull(frames);
        ArgumentNullException.ThrowIfNull(stats);
        ArgumentOutOfRangeException.ThrowIfLessThan(window, MinFrames);
        var result = new List<Window>();
        var piece = new List<int>();
        void Flush()
        {
            if (piece.Count >= window)
            {
                for (var s = 0; s + window <= piece.Count; s++)
                {
                    var idx = piece.GetRange(s, window);
                    result.Add(new Window(Row(idx.Select(i => frames[i]!).ToList(), stats), idx[0], idx[^1]));
                }
            }
            else if (piece.Count >= MinFrames)
            {
                result.Add(new Window(Row(piece.Select(i => frames[i]!).ToList(), stats), piece[0], piece[^1]));
            }

            piece.Clear();
        }

        for (var i = 0; i < frames.Count; i++)
        {
            if (breaks is not null && breaks[i])
            {
                Flush();
            }

            if (frames[i] is not null)
            {
                piece.Add(i);
            }
        }

        Flush();
        return result;
    }

    /// <summary>One window's row: per statistic, that statistic of every feature over the frames (non-finite values skipped; none left → NaN).</summary>
    public static float[] Row(IReadOnlyList<float[]> frames, IReadOnlyList<string> stats)
    {
        ArgumentNullException.ThrowIfNull(frames);
        ArgumentNullException.ThrowIfNull(stats);
        if (frames.Count == 0)
        {
            throw new ArgumentException("a window needs at least one frame", nameof(frames));
        }

        var d = frames[0].Length;
        var row = new float[stats.Count * d];
        var values = new List<double>(frames.Count);
        for (var j = 0; j < d; j++)
        {
            values.Clear();
            foreach (var f in frames)
            {
                if (float.IsFinite(f[j]))
                {
                    values.Add(f[j]);
                }
            }

            for (var s = 0; s < stats.Count; s++)
            {
                row[(s * d) + j] = values.Count == 0 ? float.NaN : (float)Statistic(stats[s], values);
            }
        }

        return row;
    }

    private static double Statistic(string name, List<double> v)
    {
        switch (name)
        {
            case "mean":
                return v.Average();
            case "std":
                var mean = v.Average();
                return Math.Sqrt(v.Average(x => (x - mean) * (x - mean)));
            case "absdiff":
                // Mean absolute change between consecutive measured frames: the flicker, without the slow drift a
                // standard deviation also counts.
                if (v.Count < 2)
                {
                    return 0;
                }

                var sum = 0.0;
                for (var k = 1; k < v.Count; k++)
                {
                    sum += Math.Abs(v[k] - v[k - 1]);
                }

                return sum / (v.Count - 1);
            case "min":
                return v.Min();
            case "max":
                return v.Max();
            default:
                throw new ArgumentException($"unknown window statistic '{name}'", nameof(name));
        }
    }

    /// <summary>
    /// Per measured frame, the highest score of the windows that contain it (NaN where none does or the frame was not
    /// measured), and the track score: the mean of the top third of the window scores
    /// (<see cref="FaceBlendTracks.TrackScore"/>; NaN without a window).
    /// </summary>
    public static (double[] PerFrame, double Track) Scores(IReadOnlyList<float[]?> frames, IReadOnlyList<Window> windows, IReadOnlyList<double> windowScores)
    {
        ArgumentNullException.ThrowIfNull(frames);
        ArgumentNullException.ThrowIfNull(windows);
        ArgumentNullException.ThrowIfNull(windowScores);
        var perFrame = Enumerable.Repeat(double.NaN, frames.Count).ToArray();
        for (var w = 0; w < windows.Count; w++)
        {
            for (var k = windows[w].First; k <= windows[w].Last; k++)
            {
                if (frames[k] is not null && (double.IsNaN(perFrame[k]) || windowScores[w] > perFrame[k]))
                {
                    perFrame[k] = windowScores[w];
                }
            }
        }

        return (perFrame, FaceBlendTracks.TrackScore(windowScores));
    }

    /// <summary>
    /// Two probabilities combined as the mean of their log-odds (each clamped to 1e-9 … 1 − 1e-9), back as a
    /// probability; NaN when either is NaN. Calibrated tree scores crowd near 1 where the thresholds sit, so a plain
    /// mean would squash the tail that matters.
    /// </summary>
    public static double LogOddsMean(double p, double q)
    {
        if (double.IsNaN(p) || double.IsNaN(q))
        {
            return double.NaN;
        }

        static double Logit(double v)
        {
            var c = Math.Clamp(v, 1e-9, 1 - 1e-9);
            return Math.Log(c / (1 - c));
        }

        return 1 / (1 + Math.Exp(-(Logit(p) + Logit(q)) / 2));
    }
}
