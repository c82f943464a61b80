namespace FakeLens.Faces.Cues;

/// <summary>
/// Inconsistent head poses (Yang, Li &amp; Lyu 2019): per frame the angle between the head pose fitted to the inner
/// face and the one fitted to the rest of the mesh, the head (<see cref="HeadPose"/>), summarised over a track by its median and
/// spread, plus the head's median rotation between consecutive frames (pose jitter). The paper fed the
/// difference vectors to an SVM trained on UADFV/DARPA MFC; without such data here the per-track numbers are features
/// for `train video` and the evidence rule (FaceCueEvidence.HeadPose) is hand-set and weak. One mesh network fits
/// the whole face at once, so its inner and outer landmarks are less free to disagree than the paper's separate
/// 68-point fits; whether the cue survives that is what the features let a model find out.
/// </summary>
public static class HeadPoseAnalyzer
{
    public const int MinSamples = 10;

    /// <param name="whole">Head (outer mesh) rotation vector per slot (null where not estimated).</param>
    /// <param name="inner">Inner-face rotation vector per slot.</param>
    public static HeadPoseStatistics Analyze(IReadOnlyList<double[]?> whole, IReadOnlyList<double[]?> inner)
    {
        ArgumentNullException.ThrowIfNull(whole);
        ArgumentNullException.ThrowIfNull(inner);
        var mismatch = new double[whole.Count];
        Array.Fill(mismatch, double.NaN);
        var angles = new List<double>();
        var steps = new List<double>();
        for (var k = 0; k < whole.Count; k++)
        {
            if (whole[k] is { } w && inner[k] is { } i)
            {
                mismatch[k] = HeadPose.AngleBetween(w, i);
                angles.Add(mismatch[k]);
                if (k > 0 && whole[k - 1] is { } prev)
                {
                    steps.Add(HeadPose.AngleBetween(prev, w));
                }
            }
        }

        if (angles.Count == 0)
        {
            return new HeadPoseStatistics(0, double.NaN, double.NaN, double.NaN, mismatch);
        }

        var mean = angles.Average();
        var std = Math.Sqrt(angles.Sum(a => (a - mean) * (a - mean)) / angles.Count);
        return new HeadPoseStatistics(angles.Count, Series.Median(angles), std, steps.Count == 0 ? double.NaN : Series.Median(steps), mismatch);
    }
}
