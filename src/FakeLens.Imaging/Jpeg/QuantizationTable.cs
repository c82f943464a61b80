namespace FakeLens.Imaging.Jpeg;

/// <summary>A quantisation table (DQT), values in natural (row-major) order: index = row × 8 + column.</summary>
/// <param name="Id">Table slot 0..3.</param>
/// <param name="Precision">0 for 8-bit entries, 1 for 16-bit entries.</param>
/// <param name="Values">64 step sizes in natural order.</param>
public sealed record QuantizationTable(int Id, int Precision, ushort[] Values);
