namespace FakeLens.Imaging.Jpeg;

/// <summary>One marker segment of a JPEG file, as it appears in the byte stream.</summary>
/// <param name="Marker">The marker code (the byte after 0xFF), e.g. 0xDB for DQT.</param>
/// <param name="Offset">Offset of the 0xFF that starts the marker.</param>
/// <param name="Length">Length of the segment payload including its two length bytes (0 for stand-alone markers).</param>
/// <param name="Name">Marker name, with the application tag for APPn segments ("APP1 Exif").</param>
public sealed record JpegSegment(byte Marker, int Offset, int Length, string Name);
