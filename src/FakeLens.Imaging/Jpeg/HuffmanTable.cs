namespace FakeLens.Imaging.Jpeg;

/// <summary>A Huffman table (DHT) as written: code counts per length 1..16 and the symbols in code order.</summary>
/// <param name="TableClass">0 = DC, 1 = AC.</param>
/// <param name="Id">Table slot 0..3.</param>
public sealed record HuffmanTable(int TableClass, int Id, byte[] Counts, byte[] Symbols);
