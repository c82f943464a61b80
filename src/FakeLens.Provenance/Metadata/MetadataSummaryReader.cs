using System.Globalization;
using System.Runtime.InteropServices;
using FakeLens.Core.Detection;
using MetadataExtractor;
using MetadataExtractor.Formats.Exif;
using MetadataExtractor.Formats.Icc;
using MetadataExtractor.Formats.Iptc;
using MetadataExtractor.Formats.Photoshop;
using MetadataExtractor.Formats.Png;
using MetadataExtractor.Formats.Xmp;
using MetadataExtractor.IO;
using XmpCore;

namespace FakeLens.Provenance.Metadata;

/// <summary>
/// Reads a file's metadata with MetadataExtractor (reader → typed directories) and keeps the few facts FakeLens
/// reasons about in an <see cref="ImageMetadataSummary"/>. Throws whatever MetadataExtractor throws on
/// unparseable input (ImageProcessingException, IOException, ...); callers decide how to report it.
/// </summary>
public static class MetadataSummaryReader
{
    /// <summary>Cache key of the summary in an <see cref="AnalysisContext"/>, shared by metadata-based detectors.</summary>
    public const string CacheKey = "provenance.metadata-summary";

    private const string NsResourceEvent = "http://ns.adobe.com/xap/1.0/sType/ResourceEvent#";

    /// <summary>History entries read at most (Photoshop appends one per save; hostile files could hold millions).</summary>
    private const int MaxHistory = 500;

    /// <summary>The summary of the context's file, read once and shared (a parse failure is re-thrown to every caller).</summary>
    public static ImageMetadataSummary Get(AnalysisContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.GetOrCreate(CacheKey, c => Read(c.Bytes));
    }

    /// <summary>
    /// Reads the metadata of a whole file. When MetadataExtractor gives up on a damaged container (a truncated
    /// JPEG, say), the EXIF block alone is read if it can be found, and the damage is noted in
    /// <see cref="ImageMetadataSummary.ParserWarnings"/>; otherwise the parser's exception propagates.
    /// </summary>
    public static ImageMetadataSummary Read(ReadOnlyMemory<byte> bytes)
    {
        IReadOnlyList<MetadataExtractor.Directory> directories;
        var (parsed, cut) = CutPngAtOversizedChunk(bytes);
        try
        {
            using var stream = MemoryMarshal.TryGetArray(parsed, out var segment) && segment.Array is not null
                ? new MemoryStream(segment.Array, segment.Offset, segment.Count, writable: false)
                : new MemoryStream(parsed.ToArray(), writable: false);
            directories = ImageMetadataReader.ReadMetadata(stream);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException && ExifOnly(bytes) is { Count: > 0 } exif)
        {
            var summary = Summarise(exif, bytes);
            return summary with { ParserWarnings = [$"The file is damaged ({ex.Message}); only its EXIF block could be read.", .. summary.ParserWarnings] };
        }

        var result = Summarise(directories, bytes);
        return cut is null ? result : result with { ParserWarnings = [cut, .. result.ParserWarnings] };
    }

    /// <summary>
    /// MetadataExtractor allocates a PNG chunk's declared length before reading it, so a few hundred bytes declaring a
    /// 2 GB chunk cost 2 GB of memory (found by fuzzing, docs/fuzzing.md finding 5). The file is in memory, so a
    /// length running past its end is known to be false: the parser gets the chunks before it, closed with IEND.
    /// </summary>
    internal static (ReadOnlyMemory<byte> Bytes, string? Warning) CutPngAtOversizedChunk(ReadOnlyMemory<byte> bytes)
    {
        ReadOnlySpan<byte> signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
        var span = bytes.Span;
        if (!span.StartsWith(signature))
        {
            return (bytes, null);
        }

        long pos = signature.Length;
        while (pos + 8 <= span.Length)
        {
            var length = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(span[(int)pos..]);
            if (length > span.Length - pos - 12)
            {
                ReadOnlySpan<byte> iend = [0, 0, 0, 0, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82];
                var cut = new byte[pos + iend.Length];
                span[..(int)pos].CopyTo(cut);
                iend.CopyTo(cut.AsSpan((int)pos));
                var type = System.Text.Encoding.Latin1.GetString(span.Slice((int)pos + 4, 4));
                return (cut, string.Create(CultureInfo.InvariantCulture,
                    $"PNG chunk '{type}' at byte {pos} declares {length} bytes but only {span.Length - pos - 8} remain; the chunks from there on were not read."));
            }

            if (span.Slice((int)pos + 4, 4).SequenceEqual("IEND"u8))
            {
                break;
            }

            pos += 12 + length;
        }

        return (bytes, null);
    }

    /// <summary>The EXIF directories of the file's TIFF block read on their own, or null when there is none or it is unreadable.</summary>
    private static IReadOnlyList<MetadataExtractor.Directory>? ExifOnly(ReadOnlyMemory<byte> bytes)
    {
        if (ExifBlockLocator.Find(bytes.Span) is not { } block)
        {
            return null;
        }

        try
        {
            return new ExifReader().Extract(new ByteArrayReader(bytes.Slice(block.Start, block.Length).ToArray()));
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A fallback parser: any failure means "no fallback"; the original error is reported.
            return null;
        }
    }

    private static ImageMetadataSummary Summarise(IReadOnlyList<MetadataExtractor.Directory> directories, ReadOnlyMemory<byte> bytes)
    {
        var ifd0 = directories.OfType<ExifIfd0Directory>().FirstOrDefault();
        var sub = directories.OfType<ExifSubIfdDirectory>().FirstOrDefault();
        var gps = directories.OfType<GpsDirectory>().FirstOrDefault();
        var thumbDir = directories.OfType<ExifThumbnailDirectory>().FirstOrDefault();
        var xmpDir = directories.OfType<XmpDirectory>().FirstOrDefault(d => d.XmpMeta is not null);
        var photoshop = directories.OfType<PhotoshopDirectory>().FirstOrDefault();
        var icc = directories.OfType<IccDirectory>().FirstOrDefault();
        var xmp = xmpDir?.XmpMeta;

        var software = Clean(ifd0?.GetString(ExifDirectoryBase.TagSoftware));
        var creatorTool = Clean(XmpString(xmp, XmpConstants.NsXmp, "CreatorTool"));
        var history = ReadHistory(xmp);
        var mentions = new List<SoftwareMention>();
        if (software is not null)
        {
            mentions.Add(new SoftwareMention("EXIF Software", software));
        }

        if (creatorTool is not null)
        {
            mentions.Add(new SoftwareMention("XMP CreatorTool", creatorTool));
        }

        foreach (var h in history)
        {
            if (h.SoftwareAgent is not null)
            {
                mentions.Add(new SoftwareMention($"XMP history ({h.Action ?? "event"})", h.SoftwareAgent));
            }
        }

        mentions.AddRange(PngSoftware(directories));

        double? lat = null, lon = null;
        if (gps?.GetGeoLocation() is { } where && double.IsFinite(where.Latitude) && double.IsFinite(where.Longitude))
        {
            lat = where.Latitude;
            lon = where.Longitude;
        }

        int? thumbOffset = null, thumbLength = null;
        if (thumbDir is not null && thumbDir.TryGetInt32(ExifThumbnailDirectory.TagThumbnailOffset, out var off)
            && thumbDir.TryGetInt32(ExifThumbnailDirectory.TagThumbnailLength, out var len))
        {
            thumbOffset = off;
            thumbLength = len;
        }

        return new ImageMetadataSummary
        {
            DirectoryNames = directories.Select(d => d.Name).Distinct(StringComparer.Ordinal).ToList(),
            ParserWarnings = directories.SelectMany(d => d.Errors.Select(e => $"{d.Name}: {e}")).Take(20).ToList(),
            HasExif = directories.OfType<ExifDirectoryBase>().Any() || gps is not null,
            HasXmp = xmpDir is not null,
            HasIptc = directories.OfType<IptcDirectory>().Any(d => d.TagCount > 0),
            Make = Clean(ifd0?.GetString(ExifDirectoryBase.TagMake)),
            Model = Clean(ifd0?.GetString(ExifDirectoryBase.TagModel)),
            Lens = Clean(sub?.GetString(ExifDirectoryBase.TagLensModel)) ?? Clean(XmpString(xmp, "http://ns.adobe.com/exif/1.0/aux/", "Lens")),
            Exposure = Exposure(sub),
            Software = software,
            CreatorTool = creatorTool,
            History = history,
            SoftwareMentions = mentions,
            HasPhotoshopResources = photoshop is not null,
            PhotoshopVersionInfo = Clean(photoshop?.GetDescription(PhotoshopDirectory.TagVersion)),
            DateTimeOriginal = ExifDate(sub, ExifDirectoryBase.TagDateTimeOriginal),
            DateTimeDigitized = ExifDate(sub, ExifDirectoryBase.TagDateTimeDigitized),
            DateTimeModified = ExifDate(ifd0, ExifDirectoryBase.TagDateTime),
            XmpCreateDate = XmpDate(XmpString(xmp, XmpConstants.NsXmp, "CreateDate")) ?? XmpDate(XmpString(xmp, XmpConstants.NsPhotoshop, "DateCreated")),
            XmpModifyDate = XmpDate(XmpString(xmp, XmpConstants.NsXmp, "ModifyDate")),
            HasGps = gps is not null && gps.TagCount > 0,
            Latitude = lat,
            Longitude = lon,
            IccDescription = Clean(icc?.GetDescription(IccDirectory.TagTagDesc)),
            ThumbnailDeclaredLength = thumbLength,
            Thumbnail = thumbOffset is { } o && thumbLength is { } l ? ExifBlockLocator.Thumbnail(bytes, o, l) : null,
        };
    }

    private static List<KeyValuePair<string, string>> Exposure(ExifSubIfdDirectory? sub)
    {
        var result = new List<KeyValuePair<string, string>>();
        if (sub is null)
        {
            return result;
        }

        void Add(string name, int tag)
        {
            if (Clean(sub.GetDescription(tag)) is { } d)
            {
                result.Add(new(name, d));
            }
        }

        Add("exposure time", ExifDirectoryBase.TagExposureTime);
        Add("aperture", ExifDirectoryBase.TagFNumber);
        Add("ISO", ExifDirectoryBase.TagIsoEquivalent);
        Add("focal length", ExifDirectoryBase.TagFocalLength);
        return result;
    }

    private static List<XmpHistoryEntry> ReadHistory(IXmpMeta? xmp)
    {
        var result = new List<XmpHistoryEntry>();
        if (xmp is null)
        {
            return result;
        }

        try
        {
            var count = Math.Min(xmp.CountArrayItems(XmpConstants.NsXmpMm, "History"), MaxHistory);
            for (var i = 1; i <= count; i++)
            {
                var item = $"History[{i}]";
                result.Add(new XmpHistoryEntry(
                    Clean(xmp.GetStructField(XmpConstants.NsXmpMm, item, NsResourceEvent, "action")?.Value),
                    Clean(xmp.GetStructField(XmpConstants.NsXmpMm, item, NsResourceEvent, "softwareAgent")?.Value),
                    Clean(xmp.GetStructField(XmpConstants.NsXmpMm, item, NsResourceEvent, "when")?.Value)));
            }
        }
        catch (XmpException)
        {
            // History is not an array of structs (malformed XMP): keep what was read.
        }

        return result;
    }

    private static IEnumerable<SoftwareMention> PngSoftware(IReadOnlyList<MetadataExtractor.Directory> directories)
    {
        foreach (var png in directories.OfType<PngDirectory>())
        {
            if (png.GetObject(PngDirectory.TagTextualData) is not IEnumerable<MetadataExtractor.KeyValuePair> pairs)
            {
                continue;
            }

            foreach (var pair in pairs)
            {
                if (string.Equals(pair.Key, "Software", StringComparison.OrdinalIgnoreCase) && Clean(pair.Value.ToString()) is { } value)
                {
                    yield return new SoftwareMention("PNG text Software", value);
                }
            }
        }
    }

    private static string? XmpString(IXmpMeta? xmp, string ns, string name)
    {
        if (xmp is null)
        {
            return null;
        }

        try
        {
            return xmp.GetPropertyString(ns, name);
        }
        catch (XmpException)
        {
            return null;
        }
    }

    private static DateTime? ExifDate(MetadataExtractor.Directory? dir, int tag) =>
        dir is not null && dir.TryGetDateTime(tag, out var d) && d.Year > 1 ? d : null;

    private static DateTime? XmpDate(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        // Keep the clock time as written: EXIF dates carry no zone, so comparing clock to clock is consistent.
        return DateTimeOffset.TryParse(text.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var dto) ? dto.DateTime : null;
    }

    /// <summary>Trims, drops NULs and control characters, caps the length (hostile files hold megabytes of text).</summary>
    private static string? Clean(string? s)
    {
        if (string.IsNullOrWhiteSpace(s))
        {
            return null;
        }

        var span = s.AsSpan();
        if (span.Length > 200)
        {
            span = span[..200];
        }

        var chars = new char[span.Length];
        var n = 0;
        foreach (var c in span)
        {
            if (!char.IsControl(c))
            {
                chars[n++] = c;
            }
        }

        var cleaned = new string(chars, 0, n).Trim();
        return cleaned.Length == 0 ? null : cleaned;
    }
}
