using FakeLens.Imaging.Decoding;

namespace FakeLens.Watermark.Bench;

/// <summary>One named image transformation of the robustness benchmark.</summary>
/// <param name="Name">Row label ("JPEG q50", "rotate +5°").</param>
/// <param name="Apply">Returns the attacked copy; never modifies its input.</param>
public sealed record ImageAttack(string Name, Func<RgbImage, RgbImage> Apply);
