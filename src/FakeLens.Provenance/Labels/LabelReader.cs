using FakeLens.Core.Detection;
using FakeLens.Core.Media;

namespace FakeLens.Provenance.Labels;

/// <summary>
/// Collects every label-bearing text of a file with small raw readers (no MetadataExtractor): PNG text/eXIf chunks
/// and the alpha-channel "stealth" payload, JPEG APP1 EXIF/XMP/extended XMP and COM, WebP EXIF/XMP chunks, TIFF IFD0
/// text tags and XMP (tag 700), MP4 XMP boxes. Each reader is bounded by the file length, a record count and inflation caps.
/// </summary>
public static class LabelReader
{
    /// <summary>Key under which whole XMP packets are stored in <see cref="FileLabels.Texts"/>.</summary>
    public const string XmpKey = "XMP";

    /// <summary>Cache key of the labels in an <see cref="AnalysisContext"/>.</summary>
    public const string CacheKey = "provenance.labels";

    /// <summary>The labels of the context's file, read once.</summary>
    public static FileLabels Get(AnalysisContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.GetOrCreate(CacheKey, c => Read(c.Bytes, c.Limits.MaxPixels, cancellationToken));
    }

    public static FileLabels Read(ReadOnlyMemory<byte> bytes, long maxPixels, CancellationToken cancellationToken)
    {
        var file = bytes.Span;
        var texts = new List<LabelText>();
        var notes = new List<string>();
        if (PngTextChunks.IsPng(file))
        {
            var colourType = PngTextChunks.Read(file, texts, notes, cancellationToken);
            // Colour types 4 (grey + alpha) and 6 (RGBA) have an alpha channel to hide bits in.
            if (colourType is 4 or 6 && StealthPngInfo.Read(bytes, maxPixels, notes, cancellationToken) is { } hidden)
            {
                texts.Add(hidden);
            }
        }
        else if (JpegLabelSegments.IsJpeg(file))
        {
            JpegLabelSegments.Read(file, texts, notes, cancellationToken);
        }
        else if (WebPLabelChunks.IsWebP(file))
        {
            if (WebPLabelChunks.Read(file, texts, notes, cancellationToken) && StealthPngInfo.Read(bytes, maxPixels, notes, cancellationToken) is { } hidden)
            {
                texts.Add(hidden with { Place = hidden.Place.Replace("PNG", "WebP", StringComparison.Ordinal) });
            }
        }
        else if (file.Length >= 8 && (file[..4].SequenceEqual("II*\0"u8) || file[..4].SequenceEqual("MM\0*"u8)))
        {
            ExifTextReader.Read(file, "TIFF", texts, notes);
        }
        else if (BmffXmpReader.IsBmff(file))
        {
            BmffXmpReader.Read(file, texts, notes, cancellationToken);
        }

        return texts.Count == 0 && notes.Count == 0 ? FileLabels.Empty : new FileLabels { Texts = texts, Notes = notes };
    }

    /// <summary>True for the formats <see cref="Read(ReadOnlyMemory{byte}, long, CancellationToken)"/> understands.</summary>
    public static bool Supports(MediaFormat format) => format is MediaFormat.Png or MediaFormat.Jpeg or MediaFormat.WebP or MediaFormat.Tiff or MediaFormat.Mp4 or MediaFormat.Mov or MediaFormat.M4a;
}
