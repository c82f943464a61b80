namespace FakeLens.Imaging.Jpeg;

/// <summary>
/// Quantised DCT coefficients of one component as stored in the file (not multiplied by the table), 64 per
/// 8×8 block in natural order (index = row × 8 + column), blocks row-major.
/// </summary>
/// <param name="BlocksWide">Blocks per row that cover the image (padding blocks beyond it are not included).</param>
/// <param name="BlocksHigh">Block rows that cover the image.</param>
/// <param name="Values">BlocksWide × BlocksHigh × 64 coefficients.</param>
/// <param name="Table">The quantisation table of this component.</param>
/// <param name="DecodedBlocks">Blocks actually decoded (less than all when the data is truncated or corrupt).</param>
public sealed record DctCoefficients(int BlocksWide, int BlocksHigh, short[] Values, QuantizationTable Table, int DecodedBlocks)
{
    public int BlockCount => BlocksWide * BlocksHigh;

    public bool Complete => DecodedBlocks >= BlockCount;
}
