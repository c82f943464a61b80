using FakeLens.Imaging.Decoding;

namespace FakeLens.Watermark;

/// <summary>An image watermark scheme: embeds a payload, detects it. Stateless; the key (if any) is an argument.</summary>
public interface IImageWatermark
{
    /// <summary>Stable id used on the command line and in evidence (<c>sd-dwtdct</c>, <c>fakelens-image</c>).</summary>
    string Id { get; }

    string Description { get; }

    /// <summary>Returns a marked copy of <paramref name="image"/>.</summary>
    RgbImage Embed(RgbImage image, WatermarkPayload payload, CancellationToken cancellationToken = default);

    /// <summary>Looks for the mark. For keyed schemes <paramref name="key"/> selects the pattern; others ignore it.</summary>
    WatermarkDetection Detect(RgbImage image, WatermarkKey? key, CancellationToken cancellationToken = default);
}
