using System.Collections.Concurrent;
using FakeLens.Imaging.Decoding;

namespace FakeLens.Imaging.Features;

/// <summary>
/// The one feature extractor of the learned AI-image detector, shared by <c>train image</c>, <c>eval image</c>
/// and <c>scan</c>: features of one square patch at native resolution (256 × 256, or the largest power of two
/// that fits a smaller image), never of a resized image, so a score does not depend on the image's size.
/// Families (<see cref="ImageFeatureFamilies"/>) can be switched off one by one to measure their value; the
/// model file records <see cref="FeatureSetId"/>, <see cref="Version"/> and the feature names, and refuses to
/// score features of another version. Bump <see cref="Version"/> whenever a number computed here changes.
/// </summary>
public sealed class ImagePatchFeatures
{
    public const string FeatureSetId = "image-patch";
    public const int Version = 1;

    // perf11: patch planes and scratch buffers reused across calls (one per concurrent call, same side only); see PatchPlanes.
    private readonly ConcurrentBag<PatchPlanes> _planes = [];

    public ImagePatchFeatures(ImageFeatureFamilies families = ImageFeatureFamilies.All)
    {
        if (families == ImageFeatureFamilies.None)
        {
            throw new ArgumentException("Choose at least one feature family.", nameof(families));
        }

        Families = families;
        var names = new List<string>();
        if (families.HasFlag(ImageFeatureFamilies.Spectral))
        {
            names.AddRange(SpectralFeatures.Names());
        }

        if (families.HasFlag(ImageFeatureFamilies.Npr))
        {
            names.AddRange(NprFeatures.Names());
        }

        if (families.HasFlag(ImageFeatureFamilies.Spam))
        {
            names.AddRange(SpamFeatures.Names());
        }

        if (families.HasFlag(ImageFeatureFamilies.Colour))
        {
            names.AddRange(ColourFeatures.Names());
        }

        if (families.HasFlag(ImageFeatureFamilies.Noise))
        {
            names.AddRange(NoiseConsistencyFeatures.Names());
        }

        if (families.HasFlag(ImageFeatureFamilies.ResNet))
        {
            names.AddRange(ResNet18Features.Names());
        }

        if (families.HasFlag(ImageFeatureFamilies.ResNetLayers))
        {
            names.AddRange(ResNet18Features.LayerNames());
        }

        if (families.HasFlag(ImageFeatureFamilies.ResNetNpr))
        {
            names.AddRange(ResNet18Features.ResidualNames());
        }

        Names = names;
    }

    public ImageFeatureFamilies Families { get; }

    public IReadOnlyList<string> Names { get; }

    public int Count => Names.Count;

    /// <summary>Features of one patch; <paramref name="rect"/> must lie inside the image and have a power-of-two side ≥ 32.</summary>
    public float[] Extract(RgbImage image, PatchRect rect)
    {
        ArgumentNullException.ThrowIfNull(image);
        var n = rect.Size;
        if (n < PatchLayout.MinSide || (n & (n - 1)) != 0 || rect.X < 0 || rect.Y < 0 || rect.X + n > image.Width || rect.Y + n > image.Height)
        {
            throw new ArgumentOutOfRangeException(nameof(rect), rect, $"patch must be a power-of-two square ≥ {PatchLayout.MinSide} px inside the {image.Width}×{image.Height} image");
        }

        if (!_planes.TryTake(out var planes) || planes.Size != n)
        {
            planes = new PatchPlanes(n);
        }

        try
        {
            planes.Load(image, rect);
            return Extract(planes);
        }
        finally
        {
            if (_planes.Count < Environment.ProcessorCount)
            {
                _planes.Add(planes);
            }
        }
    }

    /// <summary>Tests: the features of <paramref name="rect"/> computed in reused buffers that were first filled with NaN (<see cref="PatchPlanes.Poison"/>).</summary>
    internal float[] ExtractPoisoned(RgbImage image, PatchRect rect)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (!_planes.TryTake(out var planes) || planes.Size != rect.Size)
        {
            throw new InvalidOperationException("no reused buffers of that side: extract a patch of that side first");
        }

        planes.Poison();
        planes.Load(image, rect);
        var result = Extract(planes);
        _planes.Add(planes);
        return result;
    }

    private float[] Extract(PatchPlanes planes)
    {
        var result = new float[Count];
        var dest = result.AsSpan();
        var o = 0;
        if (Families.HasFlag(ImageFeatureFamilies.Spectral))
        {
            SpectralFeatures.Compute(planes, dest.Slice(o, 3 * SpectralFeatures.PerChannel));
            o += 3 * SpectralFeatures.PerChannel;
        }

        if (Families.HasFlag(ImageFeatureFamilies.Npr))
        {
            NprFeatures.Compute(planes, dest.Slice(o, 3 * NprFeatures.PerChannel));
            o += 3 * NprFeatures.PerChannel;
        }

        if (Families.HasFlag(ImageFeatureFamilies.Spam))
        {
            SpamFeatures.Compute(planes, dest.Slice(o, SpamFeatures.Count));
            o += SpamFeatures.Count;
        }

        if (Families.HasFlag(ImageFeatureFamilies.Colour))
        {
            ColourFeatures.Compute(planes, dest.Slice(o, ColourFeatures.Count));
            o += ColourFeatures.Count;
        }

        if (Families.HasFlag(ImageFeatureFamilies.Noise))
        {
            NoiseConsistencyFeatures.Compute(planes, dest.Slice(o, NoiseConsistencyFeatures.Count));
            o += NoiseConsistencyFeatures.Count;
        }

        // One forward pass gives both the pooled activations and the intermediate-layer statistics.
        var pooled = Families.HasFlag(ImageFeatureFamilies.ResNet) ? dest.Slice(o, ResNet18Features.Count) : [];
        o += pooled.Length;
        var layers = Families.HasFlag(ImageFeatureFamilies.ResNetLayers) ? dest.Slice(o, ResNet18Features.LayerCount) : [];
        if (!pooled.IsEmpty || !layers.IsEmpty)
        {
            ResNet18Features.Instance.Compute(planes, pooled, layers);
        }

        o += layers.Length;

        // Issue 13 round 13: a second pass of the same network on the patch's NPR residual (last, so every other family's
        // columns keep their places).
        if (Families.HasFlag(ImageFeatureFamilies.ResNetNpr))
        {
            ResNet18Features.Instance.Compute(planes, dest.Slice(o, ResNet18Features.Count), [], residual: true);
        }

        return result;
    }

    /// <summary>Parses "spectral,npr,…" or "all" (case-insensitive); throws with the list of valid names on an unknown one.</summary>
    public static ImageFeatureFamilies ParseFamilies(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return ImageFeatureFamilies.All;
        }

        var result = ImageFeatureFamilies.None;
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            result |= part.ToLowerInvariant() switch
            {
                "spectral" or "frequency" => ImageFeatureFamilies.Spectral,
                "npr" => ImageFeatureFamilies.Npr,
                "spam" or "srm" => ImageFeatureFamilies.Spam,
                "colour" or "color" => ImageFeatureFamilies.Colour,
                "noise" => ImageFeatureFamilies.Noise,
                "resnet" or "resnet18" => ImageFeatureFamilies.ResNet,
                "resnet-layers" or "resnetlayers" or "layers" => ImageFeatureFamilies.ResNetLayers,
                "resnet-npr" or "resnetnpr" => ImageFeatureFamilies.ResNetNpr,
                "handmade" => ImageFeatureFamilies.Handmade,
                "all" => ImageFeatureFamilies.All,
                _ => throw new ArgumentException($"Unknown feature family '{part}'; choose from spectral, npr, spam, colour, noise, resnet, resnet-layers, resnet-npr, handmade (or all, v7's set: handmade and resnet)."),
            };
        }

        return result;
    }

    /// <summary>The families whose features a list of names (as stored in a model file) contains.</summary>
    public static ImageFeatureFamilies FamiliesOf(IEnumerable<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        var result = ImageFeatureFamilies.None;
        foreach (var name in names)
        {
            var prefix = name.Split('.')[0];
            result |= prefix switch
            {
                "spectral" => ImageFeatureFamilies.Spectral,
                "npr" => ImageFeatureFamilies.Npr,
                "spam" => ImageFeatureFamilies.Spam,
                "colour" => ImageFeatureFamilies.Colour,
                "noise" => ImageFeatureFamilies.Noise,
                "resnet18" => ImageFeatureFamilies.ResNet,
                "resnet18layers" => ImageFeatureFamilies.ResNetLayers,
                "resnet18npr" => ImageFeatureFamilies.ResNetNpr,
                _ => ImageFeatureFamilies.None,
            };
        }

        return result;
    }

    /// <summary>Lower-case family names, e.g. "spectral,npr", "all" or "all,resnet-layers,resnet-npr" (names <see cref="ParseFamilies"/> reads back).</summary>
    public static string Describe(ImageFeatureFamilies families)
    {
        if (families == ImageFeatureFamilies.All)
        {
            return "all";
        }

        if (families == ImageFeatureFamilies.Handmade)
        {
            return "handmade";
        }

        var parts = new List<string>();
        var rest = families;
        if ((families & ImageFeatureFamilies.All) == ImageFeatureFamilies.All)
        {
            parts.Add("all");
            rest &= ~ImageFeatureFamilies.All;
        }

        parts.AddRange(Enum.GetValues<ImageFeatureFamilies>()
            .Where(f => f is not ImageFeatureFamilies.None and not ImageFeatureFamilies.All and not ImageFeatureFamilies.Handmade && rest.HasFlag(f))
            .Select(f => f switch
            {
                ImageFeatureFamilies.ResNetLayers => "resnet-layers",
                ImageFeatureFamilies.ResNetNpr => "resnet-npr",
                _ => f.ToString().ToLowerInvariant(),
            }));
        return string.Join(",", parts);
    }
}
