namespace FakeLens.Imaging.Tampering;

/// <summary>One generated file before it is written: the saved bytes, its mask and what was done.</summary>
/// <param name="Camera">The photo after the "camera" save, before editing (tests compare it with <paramref name="Edited"/>).</param>
/// <param name="Edited">The photo after editing, before the final save.</param>
/// <param name="Bytes">The final file (JPEG at the set's final quality).</param>
internal sealed record TamperSample(TamperKind Kind, Decoding.RgbImage Camera, Decoding.RgbImage Edited, byte[] Bytes, TamperMask Mask, string Parameters);
