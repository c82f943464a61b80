using FakeLens.Core.Detection;
using FakeLens.Imaging.Decoding;

namespace FakeLens.Watermark.Bench;

/// <summary>
/// Measures false positives: runs a detector on unmarked images (whole, then random crops of them) and counts
/// "marked" verdicts. A scheme whose bound is 1e-6 by construction should report none in a few thousand items, and
/// its smallest p-value shows how far from the threshold unmarked content stays.
/// </summary>
public static class FalsePositiveEval
{
    /// <summary>Smallest crop side; smaller crops only exercise the "too small" path.</summary>
    public const int MinCropSide = 128;

    /// <summary>
    /// Examines every file of <paramref name="imagePaths"/> and <paramref name="crops"/> random crops (random image,
    /// side 128 px to the full side, random position; seeded, so runs repeat). Undecodable files are skipped.
    /// </summary>
    public static FalsePositiveResult Run(
        IImageWatermark scheme,
        WatermarkKey? key,
        IReadOnlyList<string> imagePaths,
        int crops,
        int seed = 1,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scheme);
        ArgumentNullException.ThrowIfNull(imagePaths);
        ArgumentOutOfRangeException.ThrowIfNegative(crops);
        var images = new List<RgbImage>();
        foreach (var path in imagePaths)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                images.Add(ImageDecoder.Decode(File.ReadAllBytes(path), ScanLimits.Default.MaxPixels).Image);
            }
            catch (MediaException)
            {
                // not an image we can read: not part of the measurement
            }
        }

        return Run(scheme, key, images, crops, seed, cancellationToken);
    }

    public static FalsePositiveResult Run(
        IImageWatermark scheme,
        WatermarkKey? key,
        IReadOnlyList<RgbImage> images,
        int crops,
        int seed = 1,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scheme);
        ArgumentNullException.ThrowIfNull(images);
        var falseDetections = 0;
        var cannot = 0;
        var smallest = 1.0;
        void Tally(WatermarkDetection d)
        {
            falseDetections += d.State == WatermarkState.Marked ? 1 : 0;
            cannot += d.State == WatermarkState.CannotDecide ? 1 : 0;
            smallest = Math.Min(smallest, d.PValue);
        }

        foreach (var image in images)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Tally(scheme.Detect(image, key, cancellationToken));
        }

        var rng = new Random(seed);
        var done = 0;
        var eligible = images.Where(i => Math.Min(i.Width, i.Height) >= MinCropSide).ToList();
        for (var c = 0; c < crops && eligible.Count > 0; c++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var image = eligible[rng.Next(eligible.Count)];
            var w = rng.Next(MinCropSide, image.Width + 1);
            var h = rng.Next(MinCropSide, image.Height + 1);
            var x = rng.Next(0, image.Width - w + 1);
            var y = rng.Next(0, image.Height - h + 1);
            Tally(scheme.Detect(ImageAttacks.Crop(image, x, y, w, h), key, cancellationToken));
            done++;
        }

        return new FalsePositiveResult(scheme.Id, images.Count, done, falseDetections, cannot, smallest);
    }
}
