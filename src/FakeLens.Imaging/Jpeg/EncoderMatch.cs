namespace FakeLens.Imaging.Jpeg;

/// <summary>A file's quantisation tables matched to a <see cref="KnownEncoderTable"/>.</summary>
/// <param name="Entry">The matching database entry.</param>
/// <param name="Difference">Sum of absolute differences over the compared step sizes (0 = identical).</param>
/// <param name="ComparedChroma">False when the file has no chrominance table (greyscale) and only luminance was compared.</param>
public sealed record EncoderMatch(KnownEncoderTable Entry, int Difference, bool ComparedChroma)
{
    public bool IsExact => Difference == 0;
}
