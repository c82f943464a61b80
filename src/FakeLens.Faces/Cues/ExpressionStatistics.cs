namespace FakeLens.Faces.Cues;

/// <summary>Expression dynamics of one track (see <see cref="ExpressionAnalyzer"/>).</summary>
/// <param name="Samples">Frames measured.</param>
/// <param name="SmileVariation">Standard deviation of the smile distance (eye spans).</param>
/// <param name="BrowVariation">Standard deviation of the brow raise (eye spans).</param>
/// <param name="Asymmetry">Median asymmetry (eye spans).</param>
/// <param name="Smoothness">Mean |second difference| over mean |first difference| of smile and brow series: about
/// 1.4 for independent frame-to-frame noise, lower for smooth movements, 0 for a perfectly steady change.</param>
/// <param name="Movements">Smile or brow movements with an onset, apex and offset (a rise above the track's median by
/// more than 2 × the noise and back).</param>
public sealed record ExpressionStatistics(int Samples, double SmileVariation, double BrowVariation, double Asymmetry, double Smoothness, int Movements)
{
    public bool Measured => Samples >= ExpressionAnalyzer.MinSamples;

    /// <summary>Hardly any expression change: smile and brow both vary less than 1 % of an eye span.</summary>
    public bool Frozen => Measured && SmileVariation < 0.01 && BrowVariation < 0.01;
}
