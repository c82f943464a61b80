namespace FakeLens.Imaging.Compare;

/// <summary>What the comparison knows about one file: its name, size and JPEG quality (null when not a JPEG).</summary>
public sealed record ImageFacts(string Name, int Width, int Height, int? JpegQuality, long Bytes);
