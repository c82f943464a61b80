namespace FakeLens.Watermark;

/// <summary>
/// The result of looking for one scheme's watermark.
/// </summary>
/// <param name="Scheme">Scheme id (<c>sd-dwtdct</c>, <c>fakelens-image</c>, ...).</param>
/// <param name="State">Marked, not marked, or cannot decide.</param>
/// <param name="DecodedBits">The bits read, in payload order (empty when nothing could be read).</param>
/// <param name="PayloadName">What the matched payload means ("StableDiffusionV1", "FakeLens payload 0x…"), or null.</param>
/// <param name="MatchingBits">Bits agreeing with the expected payload (or the error-corrected codeword).</param>
/// <param name="TotalBits">Payload bits compared.</param>
/// <param name="PValue">Probability that an unmarked item matches at least this well by chance (binomial tail or
/// the scheme's own null model).</param>
/// <param name="Explanation">A sentence for a person.</param>
public sealed record WatermarkDetection(
    string Scheme,
    WatermarkState State,
    IReadOnlyList<bool> DecodedBits,
    string? PayloadName,
    int MatchingBits,
    int TotalBits,
    double PValue,
    string Explanation)
{
    public double BitAccuracy => TotalBits == 0 ? 0 : MatchingBits / (double)TotalBits;
}
