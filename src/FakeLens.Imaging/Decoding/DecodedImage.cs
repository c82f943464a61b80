using FakeLens.Core.Media;

namespace FakeLens.Imaging.Decoding;

/// <summary>The result of decoding one image file: pixels plus facts about the decode.</summary>
/// <param name="Image">The pixels (first frame for animations).</param>
/// <param name="Format">Encoded format.</param>
/// <param name="Incomplete">True when the data ended early (a truncated file); the missing part is filled grey.</param>
/// <param name="HasAlpha">True when the encoded image has an alpha channel.</param>
/// <param name="FrameCount">Frames in the file (animated GIF/WebP &gt; 1).</param>
public sealed record DecodedImage(RgbImage Image, MediaFormat Format, bool Incomplete, bool HasAlpha, int FrameCount);
