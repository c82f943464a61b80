namespace FakeLens.Imaging.Jpeg;

/// <summary>One colour component declared in the frame header (SOFn).</summary>
/// <param name="Id">Component identifier as written in the file.</param>
/// <param name="H">Horizontal sampling factor (1..4).</param>
/// <param name="V">Vertical sampling factor (1..4).</param>
/// <param name="QuantTableId">Quantisation table slot (0..3) this component uses.</param>
public sealed record JpegComponent(int Id, int H, int V, int QuantTableId);
