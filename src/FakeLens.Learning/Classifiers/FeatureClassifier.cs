using FakeLens.Core.Scoring;
using Microsoft.ML;
using Microsoft.ML.Calibrators;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;

namespace FakeLens.Learning.Classifiers;

/// <summary>
/// A binary classifier on fixed-length float feature vectors, trained with ML.NET. <see cref="Score"/> is
/// the model's raw margin (higher = more likely fake), deliberately uncalibrated: calibration is fitted on
/// held-out folds by <see cref="Training.CalibratedTraining"/>. Non-finite features are replaced by 0 in
/// training and scoring alike. Trees use one thread and a fixed seed so a training run is reproducible.
/// Hyper-parameters are sized for the few hundred to few thousand rows FakeLens's data sets have: shallow
/// trees (15 leaves, ≥ 5 rows per leaf), 300 rounds at learning rate 0.05; logistic regression uses L2 = 1
/// on mean/variance-normalised features.
/// </summary>
public sealed class FeatureClassifier
{
    private const int Magic = 0x4C434C46; // "FLCL"
    private const int FormatVersion = 1;

    private readonly ITransformer _model;
    private readonly MLContext _ml;
    private readonly SchemaDefinition _schema;
    private readonly PredictionEngine<FeatureRow, ScoreRow> _engine;
    private readonly Lock _gate = new();

    private FeatureClassifier(MLContext ml, ITransformer model, ClassifierKind kind, int featureCount)
    {
        _ml = ml;
        _model = model;
        Kind = kind;
        FeatureCount = featureCount;
        _schema = Schema(featureCount);
        _engine = ml.Model.CreatePredictionEngine<FeatureRow, ScoreRow>(model, inputSchemaDefinition: _schema);
    }

    public ClassifierKind Kind { get; }

    public int FeatureCount { get; }

    public static FeatureClassifier Train(IReadOnlyList<float[]> x, IReadOnlyList<bool> y, ClassifierKind kind, int seed, IReadOnlyList<float>? weights = null, TreeSettings? trees = null)
    {
        var t = trees ?? TreeSettings.Default;
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.Count != y.Count || (weights is not null && weights.Count != x.Count))
        {
            throw new ArgumentException($"{x.Count} feature rows, {y.Count} labels and {weights?.Count ?? x.Count} weights must match.", nameof(y));
        }

        if (x.Count == 0)
        {
            throw new ArgumentException("No training rows.", nameof(x));
        }

        int n = x[0].Length;
        int positives = 0;
        var rows = new FeatureRow[x.Count];
        for (int i = 0; i < x.Count; i++)
        {
            if (x[i].Length != n)
            {
                throw new ArgumentException($"Row {i} has {x[i].Length} features, row 0 has {n}.", nameof(x));
            }

            positives += y[i] ? 1 : 0;
            rows[i] = new FeatureRow { Label = y[i], Features = Sanitised(x[i]), Weight = weights?[i] ?? 1f };
        }

        if (positives == 0 || positives == x.Count)
        {
            throw new ArgumentException("Training needs examples of both classes (real and fake).", nameof(y));
        }

        var ml = new MLContext(seed);
        var data = ml.Data.LoadFromEnumerable(rows, Schema(n));
        IEstimator<ITransformer> pipeline = kind switch
        {
            ClassifierKind.LightGbm => ml.BinaryClassification.Trainers.LightGbm(new LightGbmBinaryTrainer.Options
            {
                LabelColumnName = nameof(FeatureRow.Label),
                FeatureColumnName = nameof(FeatureRow.Features),
                ExampleWeightColumnName = nameof(FeatureRow.Weight),
                NumberOfIterations = t.Rounds,
                LearningRate = t.LearningRate,
                NumberOfLeaves = t.Leaves,
                MinimumExampleCountPerLeaf = t.MinLeaf,
                Seed = seed,
                NumberOfThreads = 1,
                Verbose = false,
                Silent = true,
            }.WithFeatureFraction(t.FeatureFraction)),
            ClassifierKind.FastTree => ml.BinaryClassification.Trainers.FastTree(new FastTreeBinaryTrainer.Options
            {
                LabelColumnName = nameof(FeatureRow.Label),
                FeatureColumnName = nameof(FeatureRow.Features),
                ExampleWeightColumnName = nameof(FeatureRow.Weight),
                NumberOfTrees = t.Rounds,
                LearningRate = t.LearningRate,
                NumberOfLeaves = t.Leaves,
                MinimumExampleCountPerLeaf = t.MinLeaf,
                FeatureFraction = t.FeatureFraction,
                Seed = seed,
                NumberOfThreads = 1,
            }),
            ClassifierKind.Logistic => ml.Transforms.NormalizeMeanVariance(nameof(FeatureRow.Features))
                .Append(ml.BinaryClassification.Trainers.LbfgsLogisticRegression(new LbfgsLogisticRegressionBinaryTrainer.Options
                {
                    LabelColumnName = nameof(FeatureRow.Label),
                    FeatureColumnName = nameof(FeatureRow.Features),
                    ExampleWeightColumnName = nameof(FeatureRow.Weight),
                    L2Regularization = 1f,
                    L1Regularization = 0f,
                    NumberOfThreads = 1,
                })),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown classifier."),
        };

        var model = pipeline.Fit(data);
        return new FeatureClassifier(ml, model, kind, n);
    }

    public static FeatureClassifier Load(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var reader = new BinaryReader(stream, System.Text.Encoding.UTF8, leaveOpen: true);
        if (reader.ReadInt32() != Magic)
        {
            throw new FormatException("Not a FakeLens classifier.");
        }

        int version = reader.ReadInt32();
        if (version != FormatVersion)
        {
            throw new FormatException($"Classifier format {version}; this build reads {FormatVersion}.");
        }

        var kind = (ClassifierKind)reader.ReadInt32();
        int featureCount = reader.ReadInt32();
        int length = reader.ReadInt32();
        if (!Enum.IsDefined(kind) || featureCount <= 0 || length <= 0)
        {
            throw new FormatException("Corrupt classifier header.");
        }

        var bytes = reader.ReadBytes(length);
        if (bytes.Length != length)
        {
            throw new FormatException("Truncated classifier.");
        }

        var ml = new MLContext(0);
        using var ms = new MemoryStream(bytes);
        var model = ml.Model.Load(ms, out _);
        return new FeatureClassifier(ml, model, kind, featureCount);
    }

    public void Save(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var ms = new MemoryStream();
        var empty = _ml.Data.LoadFromEnumerable(Array.Empty<FeatureRow>(), _schema);
        _ml.Model.Save(_model, empty.Schema, ms);
        using var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true);
        writer.Write(Magic);
        writer.Write(FormatVersion);
        writer.Write((int)Kind);
        writer.Write(FeatureCount);
        writer.Write((int)ms.Length);
        writer.Write(ms.GetBuffer(), 0, (int)ms.Length);
    }

    /// <summary>The raw, uncalibrated score of one feature vector (higher = more likely fake).</summary>
    public double Score(ReadOnlySpan<float> features)
    {
        if (features.Length != FeatureCount)
        {
            throw new ArgumentException($"The classifier expects {FeatureCount} features, got {features.Length}.", nameof(features));
        }

        var row = new FeatureRow { Features = Sanitised(features) };
        lock (_gate)
        {
            return _engine.Predict(row).Score;
        }
    }

    public double[] ScoreMany(IReadOnlyList<float[]> features)
    {
        ArgumentNullException.ThrowIfNull(features);
        var result = new double[features.Count];
        if (features.Count == 0)
        {
            return result;
        }

        var rows = new FeatureRow[features.Count];
        for (int i = 0; i < rows.Length; i++)
        {
            if (features[i].Length != FeatureCount)
            {
                throw new ArgumentException($"Row {i}: the classifier expects {FeatureCount} features, got {features[i].Length}.", nameof(features));
            }

            rows[i] = new FeatureRow { Features = Sanitised(features[i]) };
        }

        var scored = _model.Transform(_ml.Data.LoadFromEnumerable(rows, _schema));
        int k = 0;
        foreach (var s in scored.GetColumn<float>("Score"))
        {
            result[k++] = s;
        }

        return result;
    }

    /// <summary>
    /// The trained trees as plain data (<see cref="TreeEnsemble"/>), for libraries that score without ML.NET: ML.NET's
    /// own tree ensemble of the model (split features, single-precision thresholds, children, leaf values, tree
    /// weights, bias) and the Platt calibration the trainer attached. Only for <see cref="ClassifierKind.LightGbm"/> and
    /// <see cref="ClassifierKind.FastTree"/>; categorical splits are refused (FakeLens's features are all numeric).
    /// </summary>
    public TreeEnsemble ToTreeEnsemble()
    {
        var predictor = (_model as ISingleFeaturePredictionTransformer<object>)?.Model;
        var (trees, calibrator) = predictor switch
        {
            CalibratedModelParametersBase<LightGbmBinaryModelParameters, PlattCalibrator> c => (c.SubModel.TrainedTreeEnsemble, c.Calibrator),
            CalibratedModelParametersBase<FastTreeBinaryModelParameters, PlattCalibrator> c => (c.SubModel.TrainedTreeEnsemble, c.Calibrator),
            _ => throw new InvalidOperationException($"a {Kind} classifier ({predictor?.GetType().Name ?? "no predictor"}) has no tree ensemble to export"),
        };

        var exported = new List<RegressionTreeData>(trees.Trees.Count);
        for (int t = 0; t < trees.Trees.Count; t++)
        {
            var tree = trees.Trees[t];
            if (tree.CategoricalSplitFlags.Any(f => f))
            {
                throw new InvalidOperationException($"tree {t} has a categorical split; the plain tree format has none");
            }

            exported.Add(new RegressionTreeData
            {
                Weight = trees.TreeWeights[t],
                Feature = tree.NumericalSplitFeatureIndexes.ToArray(),
                Threshold = tree.NumericalSplitThresholds.ToArray(),
                Left = tree.LeftChild.ToArray(),
                Right = tree.RightChild.ToArray(),
                Leaf = tree.LeafValues.ToArray(),
            });
        }

        var ensemble = new TreeEnsemble
        {
            FeatureCount = FeatureCount,
            Bias = trees.Bias,
            Trees = exported,
            PlattSlope = calibrator.Slope,
            PlattOffset = calibrator.Offset,
        };
        ensemble.Validate();
        return ensemble;
    }

    /// <summary>ML.NET's calibrated probabilities (its "Probability" column) for rows, to check exported models against.</summary>
    internal double[] ProbabilityMany(IReadOnlyList<float[]> features)
    {
        var rows = features.Select(f => new FeatureRow { Features = Sanitised(f) }).ToArray();
        var scored = _model.Transform(_ml.Data.LoadFromEnumerable(rows, _schema));
        return scored.GetColumn<float>("Probability").Select(p => (double)p).ToArray();
    }

    private static SchemaDefinition Schema(int featureCount)
    {
        var schema = SchemaDefinition.Create(typeof(FeatureRow));
        schema[nameof(FeatureRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, featureCount);
        return schema;
    }

    private static float[] Sanitised(ReadOnlySpan<float> features)
    {
        var copy = features.ToArray();
        for (int i = 0; i < copy.Length; i++)
        {
            if (!float.IsFinite(copy[i]))
            {
                copy[i] = 0;
            }
        }

        return copy;
    }
}
