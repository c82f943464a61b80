using FakeLens.Imaging.Decoding;
using FakeLens.Imaging.Features;

namespace FakeLens.Learning.Image;

/// <summary>
/// Training-time randomisation applied identically to both classes, against the "Fake or JPEG?" trap
/// (Grommelt et al. 2024: when real and fake sets differ in size and JPEG history, a detector learns the
/// format). Each training patch is a random crop at native resolution; with probability
/// <see cref="RescaleProbability"/> a larger random region is scaled down to the patch side by a factor in
/// [<see cref="MinScale"/>, 1) (only when the image is large enough); then with probability
/// <see cref="JpegProbability"/> it is JPEG re-encoded at a quality drawn uniformly from
/// [<see cref="MinQuality"/>, <see cref="MaxQuality"/>]. Scales above 1 are never drawn: up-sampling is the
/// very trace the detector looks for.
/// </summary>
public sealed record PatchAugmentation
{
    public double RescaleProbability { get; init; } = 0.3;

    public double MinScale { get; init; } = 0.5;

    public double JpegProbability { get; init; } = 0.75;

    public int MinQuality { get; init; } = 65;

    public int MaxQuality { get; init; } = 100;

    public static PatchAugmentation Default { get; } = new();

    public static PatchAugmentation Off { get; } = new() { RescaleProbability = 0, JpegProbability = 0 };

    /// <summary>A random crop of <paramref name="side"/> px (possibly rescaled), before any JPEG step.</summary>
    public RgbImage Crop(RgbImage image, int side, Random random)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(random);
        if (random.NextDouble() < RescaleProbability)
        {
            var scale = MinScale + ((1 - MinScale) * random.NextDouble());
            var region = (int)Math.Ceiling(side / scale);
            if (region <= Math.Min(image.Width, image.Height) && region > side)
            {
                var r = PatchLayout.Random(image.Width, image.Height, region, random);
                return ImageResizer.Resize(ImageOps.Crop(image, r.X, r.Y, region, region), side, side);
            }
        }

        var p = PatchLayout.Random(image.Width, image.Height, side, random);
        return ImageOps.Crop(image, p.X, p.Y, side, side);
    }

    /// <summary>The JPEG step (or none).</summary>
    public RgbImage Compress(RgbImage patch, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        return random.NextDouble() < JpegProbability ? ImageOps.JpegRoundTrip(patch, random.Next(MinQuality, MaxQuality + 1)) : patch;
    }
}
