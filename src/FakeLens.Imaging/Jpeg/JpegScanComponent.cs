namespace FakeLens.Imaging.Jpeg;

/// <summary>One component of a scan (SOS) with the Huffman tables in force when the scan started.</summary>
/// <param name="ComponentIndex">Index into <see cref="JpegFrame.Components"/>.</param>
public sealed record JpegScanComponent(int ComponentIndex, HuffmanTable? DcTable, HuffmanTable? AcTable);
