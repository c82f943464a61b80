using FakeLens.Learning.Classifiers;
using FakeLens.Learning.Training;

namespace FakeLens.Learning.Speech;

/// <summary>
/// Trains the utterance model (LightGBM on <see cref="Audio.Features.UtteranceFeatures"/>, calibrated on held-out
/// voice-grouped folds) and the LFCC-GMM baseline. Rows are weighted so that every folder carries the same total
/// weight within its class and both classes the same overall: 300 FSDD digits do not outvote 32 LJSpeech clips.
/// </summary>
public static class SpeechModelTrainer
{
    public static (CalibratedModel Model, GmmPair? Gmm, SpeechDecision? Decision) Train(IReadOnlyList<SpeechRow> rows, SpeechTrainingOptions options, Action<string>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(options);
        var x = rows.Select(r => r.Features).ToList();
        var y = rows.Select(r => r.IsFake).ToList();
        var groups = rows.Select(r => r.Group).ToList();
        progress?.Invoke($"training {options.Kind} on {rows.Count} rows ({y.Count(v => v)} fake), {options.Folds} grouped folds for calibration");
        var model = CalibratedTraining.Train(x, y, groups, options.Kind, options.Calibration, options.TargetFpr, options.Folds, options.Seed, Weights(rows, options.RowWeights), cancellationToken);
        if (!options.TrainGmm)
        {
            return (model, null, null);
        }

        var gmm = TrainGmm(rows, options, progress, cancellationToken);
        var decision = options.Decision == "model" ? null : FitDecision(rows, model, options, progress, cancellationToken);
        return (model, gmm, decision);
    }

    /// <summary>
    /// Out-of-fold GMM scores on the same voice-grouped folds as the utterance model's calibration, then the GMM's
    /// Platt calibration and the decision threshold (<see cref="SpeechDecision"/>).
    /// </summary>
    public static SpeechDecision FitDecision(IReadOnlyList<SpeechRow> rows, CalibratedModel model, SpeechTrainingOptions options, Action<string>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        var y = rows.Select(r => r.IsFake).ToList();
        var assignment = Validation.Folds.Grouped(rows.Select(r => r.Group).ToList(), y, options.Folds, options.Seed);
        var oofGmm = Enumerable.Repeat(double.NaN, rows.Count).ToArray();
        for (var f = 0; f < options.Folds; f++)
        {
            var fold = f;
            var train = rows.Where((_, i) => assignment[i] != fold).ToList();
            if (!train.Any(r => r.IsFake) || train.All(r => r.IsFake))
            {
                continue;
            }

            progress?.Invoke($"out-of-fold LFCC-GMM {f + 1}/{options.Folds} for its calibration");
            var pair = TrainGmm(train, options, null, cancellationToken);
            for (var i = 0; i < rows.Count; i++)
            {
                if (assignment[i] == fold)
                {
                    oofGmm[i] = pair.Score(rows[i].Frames);
                }
            }
        }

        var oofModel = model.OutOfFoldProbabilities;
        return SpeechDecision.Fit(options.Decision, Enumerable.Range(0, rows.Count).Select(i => i < oofModel.Length ? oofModel[i] : double.NaN).ToList(), oofGmm, y, options.TargetFpr);
    }

    public static FeatureClassifier TrainClassifier(IReadOnlyList<SpeechRow> rows, SpeechTrainingOptions options)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(options);
        return FeatureClassifier.Train(rows.Select(r => r.Features).ToList(), rows.Select(r => r.IsFake).ToList(), options.Kind, options.Seed, Weights(rows, options.RowWeights));
    }

    public static GmmPair TrainGmm(IReadOnlyList<SpeechRow> rows, SpeechTrainingOptions options, Action<string>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(options);
        var random = new Random(options.Seed);
        var real = Cap(rows.Where(r => !r.IsFake).SelectMany(r => r.Frames).ToList(), random, options.MaxGmmFrames);
        var fake = Cap(rows.Where(r => r.IsFake).SelectMany(r => r.Frames).ToList(), random, options.MaxGmmFrames);
        progress?.Invoke($"training the LFCC-GMM baseline: {options.GmmComponents} components, {options.GmmIterations} EM iterations, {real.Count} real and {fake.Count} fake frames");
        return GmmPair.Train(real, fake, options.GmmComponents, options.GmmIterations, options.Seed, cancellationToken, options.Threads);
    }

    private static List<float[]> Cap(List<float[]> frames, Random random, int max)
    {
        if (frames.Count <= max)
        {
            return frames;
        }

        var array = frames.ToArray();
        random.Shuffle(array);
        return array.Take(max).ToList();
    }

    /// <summary>
    /// Row weights, mean 1, both classes the same total. <see cref="RowWeighting.Folder"/> (the default, every model up to
    /// v8): every folder (corpus repository or shared folder) the same total weight within its class, so YourTTS's 1,951
    /// rows weigh as much as a one-clip repository. <see cref="RowWeighting.SqrtFolder"/>: each row 1/√(rows of its folder
    /// and class), so a folder's total grows with the square root of its size — large repositories still count for more
    /// than one-clip ones, but no repository dominates its class.
    /// </summary>
    public static float[] Weights(IReadOnlyList<SpeechRow> rows, RowWeighting weighting = RowWeighting.Folder)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var perFolder = rows.GroupBy(r => (r.IsFake, r.Folder)).ToDictionary(g => g.Key, g => g.Count());
        float[] w;
        if (weighting == RowWeighting.Folder)
        {
            // The arithmetic of every shipped model up to v8, kept as it was so their commands reproduce them bit for bit.
            var foldersPerClass = perFolder.Keys.GroupBy(k => k.IsFake).ToDictionary(g => g.Key, g => g.Count());
            w = rows.Select(r => (float)(1.0 / foldersPerClass[r.IsFake] / perFolder[(r.IsFake, r.Folder)])).ToArray();
        }
        else if (weighting == RowWeighting.SqrtFolder)
        {
            // 1/√n per row, then normalised per class: each class carries the same total.
            var raw = rows.Select(r => 1.0 / Math.Sqrt(perFolder[(r.IsFake, r.Folder)])).ToArray();
            var classTotal = new Dictionary<bool, double> { [false] = 0, [true] = 0 };
            for (var i = 0; i < rows.Count; i++)
            {
                classTotal[rows[i].IsFake] += raw[i];
            }

            w = raw.Select((v, i) => (float)(v / classTotal[rows[i].IsFake])).ToArray();
        }
        else
        {
            throw new ArgumentOutOfRangeException(nameof(weighting), weighting, "unknown row weighting");
        }

        var mean = w.Average();
        for (var i = 0; i < w.Length; i++)
        {
            w[i] /= mean;
        }

        return w;
    }

    /// <summary>Parses <c>folder</c> or <c>sqrt</c> (the <c>--row-weights</c> option).</summary>
    public static RowWeighting ParseWeighting(string? text) => (text ?? "folder").ToLowerInvariant() switch
    {
        "folder" => RowWeighting.Folder,
        "sqrt" => RowWeighting.SqrtFolder,
        var other => throw new ArgumentException($"--row-weights wants folder or sqrt, got '{other}'."),
    };
}

/// <summary>How training rows are weighted (<see cref="SpeechModelTrainer.Weights"/>).</summary>
public enum RowWeighting
{
    /// <summary>Every folder the same total weight within its class.</summary>
    Folder,

    /// <summary>Each row 1/√(rows of its folder and class), normalised per class.</summary>
    SqrtFolder,
}
