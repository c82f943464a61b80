using System.Text.Json;
using System.Text.Json.Serialization;
using FakeLens.Core.Scoring;

namespace FakeLens.Faces.Blend;

/// <summary>
/// The classifier of the self-blended face detector: standardised blend features → (optionally) one tanh hidden layer
/// → logistic output, trained full-batch with Adam and L2 on real faces against their self-blended copies. Small
/// enough to ship as JSON (models/default-video-face-blend-v1.json, embedded in this assembly). The file records the
/// feature version and names it expects and refuses a mismatch; <see cref="Threshold"/> is the score above which a
/// face is flagged (set on held-out real faces, see docs/faces.md), <see cref="Command"/> the command that made it.
/// <para>
/// Two kinds, named in the file (<see cref="Kind"/>): <c>logistic</c> (the fields above; files without a kind are
/// this) and <c>trees</c> — a boosted tree ensemble (LightGBM, exported by <c>train face-blend --video --lightgbm</c>)
/// in <see cref="Trees"/>, scored by <see cref="TreeEnsemble"/>'s plain evaluator with the trainer's Platt calibration,
/// so scan time needs no ML.NET.
/// </para>
/// </summary>
public sealed class FaceBlendModel
{
    public const string DefaultFileName = "default-video-face-blend-v1.json";

    /// <summary>The video model: trained on H.264 face tracks, threshold on the per-track score (<see cref="TrackAggregate"/>).</summary>
    public const string VideoFileName = "default-video-face-blend-tracks-v3.json";

    public const string LogisticKind = "logistic";

    public const string TreesKind = "trees";

    /// <summary>A tree ensemble over sliding-window rows of a track (<see cref="FaceBlendWindows"/>), not over single frames.</summary>
    public const string WindowTreesKind = "window-trees";

    /// <summary><see cref="LogisticKind"/>, <see cref="TreesKind"/> or <see cref="WindowTreesKind"/>.</summary>
    [JsonPropertyName("kind")]
    public string Kind { get; init; } = LogisticKind;

    [JsonPropertyName("featureVersion")]
    public int FeatureVersion { get; init; }

    [JsonPropertyName("names")]
    public IReadOnlyList<string> Names { get; init; } = [];

    [JsonPropertyName("mean")]
    public double[] Mean { get; init; } = [];

    [JsonPropertyName("scale")]
    public double[] Scale { get; init; } = [];

    /// <summary>Hidden layer weights, hidden × features (empty: logistic regression on the features).</summary>
    [JsonPropertyName("hidden")]
    public double[][] Hidden { get; init; } = [];

    [JsonPropertyName("hiddenBias")]
    public double[] HiddenBias { get; init; } = [];

    [JsonPropertyName("output")]
    public double[] Output { get; init; } = [];

    [JsonPropertyName("outputBias")]
    public double OutputBias { get; init; }

    /// <summary>The trees of a <see cref="TreesKind"/> model (null for a logistic one).</summary>
    [JsonPropertyName("trees")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public TreeEnsemble? Trees { get; init; }

    /// <summary>Frames per window of a <see cref="WindowTreesKind"/> model (0 for the others).</summary>
    [JsonPropertyName("window")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public int Window { get; init; }

    /// <summary>The per-feature statistics of a window row (<see cref="FaceBlendWindows.Stats"/>), for a <see cref="WindowTreesKind"/> model.</summary>
    [JsonPropertyName("windowStats")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? WindowStats { get; init; }

    /// <summary>
    /// Optional, for a <see cref="WindowTreesKind"/> model: frame trees over the blend features of single frames. When
    /// present, a track's score combines the two — the mean of the log-odds of the window track score and of the frame
    /// track score (<see cref="FaceBlendTracks.TrackScore"/> of the frame probabilities), and likewise per frame.
    /// </summary>
    [JsonPropertyName("frameTrees")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public TreeEnsemble? FrameTrees { get; init; }

    /// <summary>True for a model that scores windows of a track rather than single frames.</summary>
    [JsonIgnore]
    public bool IsWindowModel => Kind == WindowTreesKind;

    /// <summary>Score (0..1) above which a face is flagged.</summary>
    [JsonPropertyName("threshold")]
    public double Threshold { get; set; } = 0.5;

    /// <summary>Share of held-out real faces above <see cref="Threshold"/> when it was set.</summary>
    [JsonPropertyName("heldOutRealFlagged")]
    public double HeldOutRealFlagged { get; set; }

    /// <summary>
    /// Empty: <see cref="Threshold"/> applies to single faces. <c>top-third-mean</c>: it applies to a video track's
    /// <see cref="FaceBlendTracks.TrackScore"/> (set on held-out real tracks).
    /// </summary>
    [JsonPropertyName("trackAggregate")]
    public string TrackAggregate { get; set; } = "";

    [JsonPropertyName("command")]
    public string Command { get; set; } = "";

    [JsonPropertyName("metrics")]
    public Dictionary<string, double> Metrics { get; init; } = [];

    /// <summary>The shipped model.</summary>
    public static FaceBlendModel LoadDefault() => LoadEmbedded(DefaultFileName);

    /// <summary>The shipped video model (per-track threshold), see docs/faces.md.</summary>
    public static FaceBlendModel LoadVideoDefault() => LoadEmbedded(VideoFileName);

    private static FaceBlendModel LoadEmbedded(string name)
    {
        using var stream = typeof(FaceBlendModel).Assembly.GetManifestResourceStream("models/" + name)
            ?? throw new InvalidOperationException($"the face-blend model {name} is not embedded in FakeLens.Faces");
        return Load(stream);
    }

    public static FaceBlendModel Load(Stream stream)
    {
        var model = JsonSerializer.Deserialize<FaceBlendModel>(stream) ?? throw new InvalidDataException("empty face-blend model");
        if (model.FeatureVersion != FaceBlendFeatures.Version || !model.Names.SequenceEqual(FaceBlendFeatures.Names))
        {
            throw new InvalidDataException($"the face-blend model expects blend features v{model.FeatureVersion} ({model.Names.Count} names); this build computes v{FaceBlendFeatures.Version} ({FaceBlendFeatures.Count}). Retrain it (docs/faces.md).");
        }

        if (model.Kind == TreesKind)
        {
            if (model.Trees is null || model.Trees.FeatureCount != FaceBlendFeatures.Count)
            {
                throw new InvalidDataException($"the face-blend tree model needs a tree ensemble over the {FaceBlendFeatures.Count} blend features");
            }

            model.Trees.Validate();
        }
        else if (model.Kind == WindowTreesKind)
        {
            if (model.Window < FaceBlendWindows.MinFrames || model.WindowStats is not { Count: > 0 } stats
                || stats.Distinct().Count() != stats.Count || stats.Any(n => !FaceBlendWindows.Stats.Contains(n)))
            {
                throw new InvalidDataException($"the face-blend window model needs a window of at least {FaceBlendWindows.MinFrames} frames and distinct window statistics from {string.Join(", ", FaceBlendWindows.Stats)}");
            }

            if (model.Trees is null || model.Trees.FeatureCount != FaceBlendWindows.RowLength(stats, FaceBlendFeatures.Count))
            {
                throw new InvalidDataException($"the face-blend window model needs a tree ensemble over {stats.Count} × {FaceBlendFeatures.Count} window statistics");
            }

            if (model.TrackAggregate.Length == 0)
            {
                throw new InvalidDataException("the face-blend window model scores tracks: its trackAggregate must be set");
            }

            if (model.FrameTrees is not null)
            {
                if (model.FrameTrees.FeatureCount != FaceBlendFeatures.Count)
                {
                    throw new InvalidDataException($"the face-blend window model's frame trees must use the {FaceBlendFeatures.Count} blend features");
                }

                model.FrameTrees.Validate();
            }

            model.Trees.Validate();
        }
        else if (model.Kind != LogisticKind)
        {
            throw new InvalidDataException($"unknown face-blend model kind '{model.Kind}' (this build reads '{LogisticKind}', '{TreesKind}' and '{WindowTreesKind}')");
        }
        else if (model.Mean.Length != model.Names.Count || model.Scale.Length != model.Mean.Length
            || (model.Hidden.Length == 0 ? model.Output.Length != model.Mean.Length : model.Output.Length != model.Hidden.Length))
        {
            throw new InvalidDataException("the logistic face-blend model's weights do not match its feature count");
        }

        return model;
    }

    /// <summary>A <see cref="TreesKind"/> model over the blend features (threshold and metrics to be set by the caller).</summary>
    public static FaceBlendModel FromTrees(TreeEnsemble trees)
    {
        ArgumentNullException.ThrowIfNull(trees);
        if (trees.FeatureCount != FaceBlendFeatures.Count)
        {
            throw new ArgumentException($"the trees use {trees.FeatureCount} features, the blend features are {FaceBlendFeatures.Count}", nameof(trees));
        }

        trees.Validate();
        return new FaceBlendModel { Kind = TreesKind, FeatureVersion = FaceBlendFeatures.Version, Names = FaceBlendFeatures.Names.ToArray(), Trees = trees };
    }

    /// <summary>A <see cref="WindowTreesKind"/> model: trees over window rows of <paramref name="window"/> frames with the given statistics.</summary>
    public static FaceBlendModel FromWindowTrees(TreeEnsemble trees, int window, IReadOnlyList<string> stats, TreeEnsemble? frameTrees = null)
    {
        ArgumentNullException.ThrowIfNull(trees);
        ArgumentNullException.ThrowIfNull(stats);
        if (trees.FeatureCount != FaceBlendWindows.RowLength(stats, FaceBlendFeatures.Count))
        {
            throw new ArgumentException($"the trees use {trees.FeatureCount} features, the window rows have {FaceBlendWindows.RowLength(stats, FaceBlendFeatures.Count)}", nameof(trees));
        }

        if (frameTrees is not null && frameTrees.FeatureCount != FaceBlendFeatures.Count)
        {
            throw new ArgumentException($"the frame trees use {frameTrees.FeatureCount} features, the blend features are {FaceBlendFeatures.Count}", nameof(frameTrees));
        }

        frameTrees?.Validate();

        ArgumentOutOfRangeException.ThrowIfLessThan(window, FaceBlendWindows.MinFrames);
        trees.Validate();
        return new FaceBlendModel
        {
            Kind = WindowTreesKind,
            FeatureVersion = FaceBlendFeatures.Version,
            Names = FaceBlendFeatures.Names.ToArray(),
            Trees = trees,
            Window = window,
            WindowStats = stats.ToArray(),
            FrameTrees = frameTrees,
            TrackAggregate = frameTrees is null ? "window-top-third-mean" : "window-and-frame-log-odds-mean",
        };
    }

    /// <summary>
    /// A track's scores: per frame (NaN = not measured) and for the whole track (the value the threshold applies to when
    /// <see cref="TrackAggregate"/> is set). A frame model scores each frame and takes the mean of the top third
    /// (<see cref="FaceBlendTracks.TrackScore"/>); a window model scores every window of <see cref="Window"/> measured
    /// frames (<see cref="FaceBlendWindows"/>), gives each frame the highest score of the windows that hold it, and
    /// takes the mean of the top third of the window scores; with <see cref="FrameTrees"/>, each of those is combined with
    /// the frame model's (mean log-odds). <paramref name="breaks"/>: true before a slot where the
    /// track is interrupted (no window spans it).
    /// </summary>
    public (double[] PerFrame, double Track) ScoreTrack(IReadOnlyList<float[]?> frames, IReadOnlyList<bool>? breaks = null)
    {
        ArgumentNullException.ThrowIfNull(frames);
        if (!IsWindowModel)
        {
            var perFrame = frames.Select(f => f is null ? double.NaN : Score(f)).ToArray();
            return (perFrame, FaceBlendTracks.TrackScore(perFrame));
        }

        var windows = FaceBlendWindows.Windows(frames, Window, WindowStats!, breaks);
        var scores = windows.Select(w => Trees!.Probability(w.Row)).ToList();
        var (windowFrames, windowTrack) = FaceBlendWindows.Scores(frames, windows, scores);
        if (FrameTrees is null)
        {
            return (windowFrames, windowTrack);
        }

        // Frames outside every window (too short a piece) are left unscored, as without the frame trees.
        var frameScores = frames.Select((f, k) => f is null || double.IsNaN(windowFrames[k]) ? double.NaN : FrameTrees.Probability(f)).ToArray();
        var combined = windowFrames.Select((w, k) => FaceBlendWindows.LogOddsMean(w, frameScores[k])).ToArray();
        return (combined, FaceBlendWindows.LogOddsMean(windowTrack, FaceBlendTracks.TrackScore(frameScores)));
    }

    public void Save(string path) => File.WriteAllText(path, JsonSerializer.Serialize(this, new JsonSerializerOptions { WriteIndented = false }));

    /// <summary>Probability-like score that the face is blended (0..1).</summary>
    public double Score(ReadOnlySpan<float> features)
    {
        if (IsWindowModel)
        {
            throw new InvalidOperationException("a face-blend window model scores windows of a track, not single faces (use ScoreTrack)");
        }

        if (Kind == TreesKind)
        {
            return Trees!.Probability(features);
        }

        var d = Mean.Length;
        if (features.Length != d)
        {
            throw new ArgumentException($"expected {d} features", nameof(features));
        }

        Span<double> x = d <= 256 ? stackalloc double[d] : new double[d];
        for (var i = 0; i < d; i++)
        {
            var v = float.IsFinite(features[i]) ? features[i] : Mean[i];
            x[i] = Math.Clamp((v - Mean[i]) / Scale[i], -8, 8);
        }

        var z = OutputBias;
        if (Hidden.Length == 0)
        {
            for (var i = 0; i < d; i++)
            {
                z += Output[i] * x[i];
            }
        }
        else
        {
            for (var j = 0; j < Hidden.Length; j++)
            {
                var a = HiddenBias[j];
                var row = Hidden[j];
                for (var i = 0; i < d; i++)
                {
                    a += row[i] * x[i];
                }

                z += Output[j] * Math.Tanh(a);
            }
        }

        return 1 / (1 + Math.Exp(-z));
    }

    /// <summary>Fits the model (hidden 0 = logistic regression) on rows of features and labels (1 = blended).</summary>
    public static FaceBlendModel Train(IReadOnlyList<float[]> rows, IReadOnlyList<int> labels, int hidden, double l2, int epochs, int seed)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(labels);
        var n = rows.Count;
        // Blend features per face, or (experiments) other rows of another width; Load still insists on the blend features.
        var d = n > 0 ? rows[0].Length : FaceBlendFeatures.Count;
        var mean = new double[d];
        var scale = new double[d];
        for (var i = 0; i < d; i++)
        {
            double s = 0, s2 = 0, c = 0;
            foreach (var r in rows)
            {
                if (float.IsFinite(r[i]))
                {
                    s += r[i];
                    s2 += r[i] * (double)r[i];
                    c++;
                }
            }

            mean[i] = c > 0 ? s / c : 0;
            scale[i] = c > 1 ? Math.Max(1e-6, Math.Sqrt(Math.Max(0, (s2 / c) - (mean[i] * mean[i])))) : 1;
        }

        var x = new double[n][];
        for (var k = 0; k < n; k++)
        {
            x[k] = new double[d];
            for (var i = 0; i < d; i++)
            {
                var v = float.IsFinite(rows[k][i]) ? rows[k][i] : mean[i];
                x[k][i] = Math.Clamp((v - mean[i]) / scale[i], -8, 8);
            }
        }

        var rng = new Random(seed);
        var h = hidden;
        var width = h == 0 ? d : h;
        var w1 = new double[h][];
        var b1 = new double[h];
        for (var j = 0; j < h; j++)
        {
            w1[j] = new double[d];
            for (var i = 0; i < d; i++)
            {
                w1[j][i] = (rng.NextDouble() - 0.5) * 2 / Math.Sqrt(d);
            }
        }

        var w2 = new double[width];
        if (h > 0)
        {
            for (var j = 0; j < h; j++)
            {
                w2[j] = (rng.NextDouble() - 0.5) * 2 / Math.Sqrt(h);
            }
        }

        double b2 = 0;
        var positives = labels.Count(l => l == 1);
        var wPos = n / (2.0 * Math.Max(1, positives));
        var wNeg = n / (2.0 * Math.Max(1, n - positives));

        // Adam state, parameters flattened: w1, b1, w2, b2.
        var p = (h * d) + h + width + 1;
        var m = new double[p];
        var v2 = new double[p];
        var grad = new double[p];
        const double Lr = 0.01, Beta1 = 0.9, Beta2 = 0.999, Eps = 1e-8;
        var act = new double[h];
        for (var epoch = 1; epoch <= epochs; epoch++)
        {
            Array.Clear(grad);
            for (var k = 0; k < n; k++)
            {
                var xk = x[k];
                double z = b2;
                if (h == 0)
                {
                    for (var i = 0; i < d; i++)
                    {
                        z += w2[i] * xk[i];
                    }
                }
                else
                {
                    for (var j = 0; j < h; j++)
                    {
                        var a = b1[j];
                        var row = w1[j];
                        for (var i = 0; i < d; i++)
                        {
                            a += row[i] * xk[i];
                        }

                        act[j] = Math.Tanh(a);
                        z += w2[j] * act[j];
                    }
                }

                var prob = 1 / (1 + Math.Exp(-z));
                var err = (prob - labels[k]) * (labels[k] == 1 ? wPos : wNeg) / n;
                var o = (h * d) + h;
                if (h == 0)
                {
                    for (var i = 0; i < d; i++)
                    {
                        grad[o + i] += err * xk[i];
                    }
                }
                else
                {
                    for (var j = 0; j < h; j++)
                    {
                        grad[o + j] += err * act[j];
                        var back = err * w2[j] * (1 - (act[j] * act[j]));
                        grad[(h * d) + j] += back;
                        var baseIndex = j * d;
                        for (var i = 0; i < d; i++)
                        {
                            grad[baseIndex + i] += back * xk[i];
                        }
                    }
                }

                grad[p - 1] += err;
            }

            // L2 on weights (not biases), then the Adam step.
            for (var j = 0; j < h; j++)
            {
                for (var i = 0; i < d; i++)
                {
                    grad[(j * d) + i] += l2 * w1[j][i];
                }
            }

            for (var j = 0; j < width; j++)
            {
                grad[(h * d) + h + j] += l2 * w2[j];
            }

            var c1 = 1 - Math.Pow(Beta1, epoch);
            var c2 = 1 - Math.Pow(Beta2, epoch);
            for (var q = 0; q < p; q++)
            {
                m[q] = (Beta1 * m[q]) + ((1 - Beta1) * grad[q]);
                v2[q] = (Beta2 * v2[q]) + ((1 - Beta2) * grad[q] * grad[q]);
                var step = Lr * (m[q] / c1) / (Math.Sqrt(v2[q] / c2) + Eps);
                if (q < h * d)
                {
                    w1[q / d][q % d] -= step;
                }
                else if (q < (h * d) + h)
                {
                    b1[q - (h * d)] -= step;
                }
                else if (q < p - 1)
                {
                    w2[q - (h * d) - h] -= step;
                }
                else
                {
                    b2 -= step;
                }
            }
        }

        return new FaceBlendModel
        {
            FeatureVersion = FaceBlendFeatures.Version,
            Names = FaceBlendFeatures.Names.ToArray(),
            Mean = mean,
            Scale = scale,
            Hidden = w1,
            HiddenBias = b1,
            Output = w2,
            OutputBias = b2,
        };
    }
}
