using System.Globalization;

namespace FakeLens.Imaging.Tampering;

/// <summary>
/// Where the fused map's raw agreement (robust z-scores averaged over the detectors' maps, 0…6) starts to mean
/// "edited": the map shows z rescaled piecewise-linearly so that <see cref="ThresholdZ"/> lands on 0.5, the default
/// threshold of <c>eval tamper</c> and the threshold of the reported regions — the map is right at its own threshold.
/// <see cref="ThresholdZ"/> is fitted on tamper sets made from other photos than those it is reported on
/// (<see cref="FusedMapCalibrator"/>, <c>fakelens eval tamper SET --fit-map-calibration FILE</c>; docs/tamper.md).
/// A logistic model on z, z relative to the image's top cells, the map strength and the cell's percentile was tried
/// and fitted no better (cell F1 0.42 against 0.38) while flagging an area on 96 % of untouched photos, so the
/// simpler rule stays.
/// </summary>
/// <param name="ThresholdZ">The fused z from which a cell is flagged.</param>
/// <param name="FittedOn">Which set it was fitted on, for reports.</param>
public sealed record FusedMapCalibration(double ThresholdZ, string FittedOn)
{
    /// <summary>The top of the fused z scale (inputs are clipped there).</summary>
    public const double MaxZ = 6;

    /// <summary>
    /// Fitted on a set made from CBSD68 only (<c>bench tamper make --from ../shared/data/images/real/cbsd68 --count 80
    /// --seed 7</c>) with <c>eval tamper SET --fit-map-calibration fused-map.json</c>; measured on a Kodak24-only set.
    /// </summary>
    public static FusedMapCalibration Default { get; } = new(2.0, "tamper set from CBSD68, seed 7");

    /// <summary>Display value 0..1 of one z: 0 at z ≤ 0, 0.5 at <see cref="ThresholdZ"/>, 1 at <see cref="MaxZ"/>.</summary>
    public float Scale(float z)
    {
        var t = Math.Clamp(ThresholdZ, 0.05, MaxZ - 0.05);
        var v = z <= t ? 0.5 * Math.Max(0, z) / t : 0.5 + (0.5 * (z - t) / (MaxZ - t));
        return (float)Math.Clamp(v, 0, 1);
    }

    /// <summary>Display values of a whole map.</summary>
    public float[] Apply(ReadOnlySpan<float> z)
    {
        var result = new float[z.Length];
        for (var i = 0; i < z.Length; i++)
        {
            result[i] = Scale(z[i]);
        }

        return result;
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"flag cells from fused z {ThresholdZ:0.0#} (fitted on {FittedOn})");
}
