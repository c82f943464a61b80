using System.Globalization;
using FakeLens.Imaging.Decoding;

namespace FakeLens.Learning.Image;

/// <summary>
/// A chain of transforms applied identically to every evaluated image of both classes (<c>--perturb
/// jpeg:85,resize:0.5,crop:512</c>), so that format, size and compression history cannot separate them:
/// <c>jpeg:Q</c> re-encodes at quality Q, <c>resize:F</c> scales by F (Skia linear + mipmaps),
/// <c>crop:S</c> keeps the central S × S (or the whole side when smaller), <c>webp:Q</c> re-encodes as WebP.
/// Steps run in the order given.
/// </summary>
public sealed record ImagePerturbation(IReadOnlyList<(string Kind, double Value)> Steps)
{
    public static ImagePerturbation None { get; } = new([]);

    public bool IsNone => Steps.Count == 0;

    public static ImagePerturbation Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Trim() == "none")
        {
            return None;
        }

        var steps = new List<(string, double)>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var colon = part.IndexOf(':', StringComparison.Ordinal);
            var kind = (colon < 0 ? part : part[..colon]).ToLowerInvariant();
            if (colon < 0 || !double.TryParse(part[(colon + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                throw new FormatException($"--perturb step '{part}' needs a number, e.g. jpeg:85, resize:0.5, crop:512, webp:80.");
            }

            var ok = kind switch
            {
                "jpeg" or "webp" => value is >= 1 and <= 100,
                "resize" => value is > 0.05 and <= 4,
                "crop" => value >= 32,
                _ => throw new FormatException($"Unknown --perturb step '{kind}'; use jpeg:Q, webp:Q, resize:F, crop:S."),
            };
            if (!ok)
            {
                throw new FormatException($"--perturb step '{part}' is out of range.");
            }

            steps.Add((kind, value));
        }

        return new ImagePerturbation(steps);
    }

    public RgbImage Apply(RgbImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        foreach (var (kind, value) in Steps)
        {
            image = kind switch
            {
                "jpeg" => ImageOps.JpegRoundTrip(image, (int)value),
                "webp" => ImageDecoder.Decode(ImageEncoder.WebP(image, (int)value), ImageOps.MaxPixels).Image,
                "resize" => ImageResizer.Resize(image, Math.Max(1, (int)Math.Round(image.Width * value)), Math.Max(1, (int)Math.Round(image.Height * value))),
                "crop" => CentreCrop(image, (int)value),
                _ => image,
            };
        }

        return image;
    }

    public override string ToString() => IsNone ? "none" : string.Join(",", Steps.Select(s => FormattableString.Invariant($"{s.Kind}:{s.Value}")));

    private static RgbImage CentreCrop(RgbImage image, int side)
    {
        var w = Math.Min(side, image.Width);
        var h = Math.Min(side, image.Height);
        return w == image.Width && h == image.Height ? image : ImageOps.Crop(image, (image.Width - w) / 2, (image.Height - h) / 2, w, h);
    }
}
