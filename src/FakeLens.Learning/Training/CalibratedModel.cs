using FakeLens.Learning.Calibration;
using FakeLens.Learning.Classifiers;

namespace FakeLens.Learning.Training;

/// <summary>
/// A classifier, the calibrator fitted on its held-out scores, and the decision threshold (a probability)
/// chosen so that at most <see cref="TargetFpr"/> of the held-out real samples reach it.
/// <see cref="RealReference"/> holds the sorted held-out probabilities of real samples, so a score can be
/// told as "1 % of real photos score this high".
/// </summary>
public sealed class CalibratedModel
{
    private readonly double[] _realSorted;

    public CalibratedModel(FeatureClassifier classifier, IProbabilityCalibrator calibrator, double threshold, double targetFpr, IReadOnlyList<double> realReference, IReadOnlyList<double>? outOfFoldProbabilities = null)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        ArgumentNullException.ThrowIfNull(calibrator);
        ArgumentNullException.ThrowIfNull(realReference);
        Classifier = classifier;
        Calibrator = calibrator;
        Threshold = threshold;
        TargetFpr = targetFpr;
        _realSorted = [.. realReference.Order()];
        OutOfFoldProbabilities = outOfFoldProbabilities is null ? [] : [.. outOfFoldProbabilities];
    }

    public FeatureClassifier Classifier { get; }

    public IProbabilityCalibrator Calibrator { get; }

    /// <summary>Probability at or above which a sample is called fake.</summary>
    public double Threshold { get; }

    public double TargetFpr { get; }

    /// <summary>Sorted held-out probabilities of the real training samples.</summary>
    public IReadOnlyList<double> RealReference => _realSorted;

    /// <summary>Held-out probability of every training sample, in training order (empty for a loaded model).</summary>
    public double[] OutOfFoldProbabilities { get; }

    public double RawScore(ReadOnlySpan<float> features) => Classifier.Score(features);

    public double Probability(ReadOnlySpan<float> features) => Calibrator.Calibrate(Classifier.Score(features));

    public double[] Probabilities(IReadOnlyList<float[]> features)
    {
        var raw = Classifier.ScoreMany(features);
        for (int i = 0; i < raw.Length; i++)
        {
            raw[i] = Calibrator.Calibrate(raw[i]);
        }

        return raw;
    }

    /// <summary>Share of held-out real samples whose probability was at or above <paramref name="probability"/>.</summary>
    public double FractionOfRealAtOrAbove(double probability)
    {
        if (_realSorted.Length == 0)
        {
            return double.NaN;
        }

        int lo = 0, hi = _realSorted.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) / 2;
            if (_realSorted[mid] < probability)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return (double)(_realSorted.Length - lo) / _realSorted.Length;
    }
}
