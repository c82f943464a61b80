using System.Globalization;
using FakeLens.Core.Detection;
using FakeLens.Core.Evidence;
using FakeLens.Core.Media;
using FakeLens.Imaging.Decoding;

namespace FakeLens.Provenance.Metadata;

// Metadata analysis: reads EXIF, XMP (CreatorTool, xmpMM:History), Photoshop resources, ICC and PNG text with
// MetadataExtractor (Drew Noakes, 2002–) and weighs what they say, as in the format-based checks of Farid ("Photo
// Forensics", MIT Press 2016: EXIF, thumbnails) and Kee & Farid (SPIE 2010: thumbnail/image consistency).
// Metadata is unsigned and trivially forgeable, so every ratio is small: camera data 1.3 toward authentic, an
// editor 1.5 (raw developer 1.3) toward edited, a re-save more than 30 days after capture 1.3, a thumbnail that
// shows another picture or framing 3. The one strong cue, an AI generator named in Software/CreatorTool, gets
// 8 at reliability 0.7 (forgeable, and most AI images carry no such name). Absent metadata says nothing.

/// <summary>
/// Reads the file's metadata and reports camera, software and edit history, capture/save dates, GPS, ICC
/// profile and EXIF-thumbnail consistency. Works without pixels (HEIC, TIFF); only the thumbnail comparison
/// decodes the image.
/// </summary>
public sealed class MetadataDetector : IDetector
{
    /// <summary>A re-save this long after capture is reported as "modified long after capture".</summary>
    public static readonly TimeSpan LongAfterCapture = TimeSpan.FromDays(30);

    private const double CameraRatio = 1.3;
    private const double EditorRatio = 1.5;
    private const double RawDeveloperRatio = 1.3;
    private const double GeneratorRatio = 8;
    private const double GeneratorReliability = 0.7;
    private const double ResavedRatio = 1.3;
    private const double ThumbnailRatio = 3;
    private const long MaxThumbnailPixels = 4_000_000;

    private readonly TimeProvider _time;

    public MetadataDetector()
        : this(TimeProvider.System)
    {
    }

    /// <summary>With a clock, so that "a date in the future" is testable.</summary>
    public MetadataDetector(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        _time = time;
    }

    public string Id => "metadata";

    public string Description => "EXIF/XMP metadata: camera, editing software and history, AI generator names, dates, GPS, ICC profile, stale EXIF thumbnails.";

    public EvidenceCategory Category => EvidenceCategory.Metadata;

    public bool AppliesTo(MediaType media)
    {
        ArgumentNullException.ThrowIfNull(media);
        return media.Kind == MediaKind.Image;
    }

    public ValueTask<IReadOnlyList<Evidence>> AnalyzeAsync(AnalysisContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        cancellationToken.ThrowIfCancellationRequested();
        ImageMetadataSummary summary;
        try
        {
            summary = MetadataSummaryReader.Get(context);
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
        {
            return ValueTask.FromResult<IReadOnlyList<Evidence>>([Unreadable(ex.Message)]);
        }

        var result = new List<Evidence>();
        if (summary.ParserWarnings.Count > 0)
        {
            result.Add(Damaged(summary));
        }

        if (!summary.HasExif && !summary.HasXmp)
        {
            result.Add(Stripped(summary));
        }

        AddIfAny(result, Camera(summary));
        AddIfAny(result, Software(summary));
        AddIfAny(result, Dates(summary));
        AddIfAny(result, Gps(summary));
        AddIfAny(result, Thumbnail(context, summary, cancellationToken));
        AddIfAny(result, Icc(summary));
        return ValueTask.FromResult<IReadOnlyList<Evidence>>(result);
    }

    private static void AddIfAny(List<Evidence> list, Evidence? e)
    {
        if (e is not null)
        {
            list.Add(e);
        }
    }

    private Evidence Make(string id, EvidenceDirection direction, string title, string explanation, IReadOnlyList<Fact> facts, double ratio = 1, double reliability = 1) => new()
    {
        Id = id,
        DetectorId = Id,
        Category = Category,
        Direction = direction,
        Title = title,
        Explanation = explanation,
        Facts = facts,
        LikelihoodRatio = direction == EvidenceDirection.Neutral ? 1 : ratio,
        Reliability = reliability,

        // Metadata and labels are written by anyone: a claim of authenticity here never argues against AI evidence.
        Forgeable = direction == EvidenceDirection.Authentic,
    };

    private Evidence Unreadable(string message) => Make(
        "metadata.unreadable",
        EvidenceDirection.Neutral,
        "Metadata could not be parsed",
        "FakeLens could not read this file's metadata (EXIF/XMP); the metadata part of the analysis was skipped. " +
        "Damaged metadata is common in files that went through careless tools and says nothing by itself about the picture.",
        [new Fact("parser message", Truncate(message, 160))],
        reliability: 0.3);

    private Evidence Damaged(ImageMetadataSummary s) => Make(
        "metadata.unreadable",
        EvidenceDirection.Neutral,
        "Part of the metadata is damaged",
        $"The metadata reader reported {s.ParserWarnings.Count} problem(s) (for example truncated blocks or offsets pointing outside the file); what could be read is used below. " +
        "Damaged metadata is common after careless editing or transfer tools and is not evidence by itself.",
        s.ParserWarnings.Take(5).Select((w, i) => new Fact($"problem {i + 1}", Truncate(w, 160))).ToList(),
        reliability: 0.5);

    private Evidence Stripped(ImageMetadataSummary s) => Make(
        "metadata.stripped",
        EvidenceDirection.Neutral,
        "No camera or editing metadata",
        "The file carries no EXIF or XMP metadata (no camera, date, software or location). Most social networks and messaging apps strip " +
        "metadata on upload, and many tools drop it when saving, so its absence proves nothing either way: real photos and AI images alike " +
        "usually arrive without it. It only means there are no capture details to check.",
        [new Fact("metadata blocks found", s.DirectoryNames.Count == 0 ? "none" : string.Join(", ", s.DirectoryNames))]);

    private static bool IsGeneratorPayload(string? value) =>
        value is not null && (value.StartsWith("workflow:", StringComparison.Ordinal) || value.StartsWith("prompt:", StringComparison.Ordinal) || value.TrimStart().StartsWith('{'));

    private Evidence? Camera(ImageMetadataSummary s)
    {
        if ((s.Make is null && s.Model is null) || IsGeneratorPayload(s.Make) || IsGeneratorPayload(s.Model))
        {
            // ComfyUI's WebP export stores its graph as EXIF Make "workflow:{…}" / Model "prompt:{…}": not a camera
            // (the labels detector reports it as a generator record).
            return null;
        }

        var camera = CameraName(s.Make, s.Model);
        var facts = new List<Fact>();
        if (s.Make is not null)
        {
            facts.Add(new Fact("camera make", s.Make));
        }

        if (s.Model is not null)
        {
            facts.Add(new Fact("camera model", s.Model));
        }

        if (s.Lens is not null)
        {
            facts.Add(new Fact("lens", s.Lens));
        }

        facts.AddRange(s.Exposure.Select(kv => new Fact(kv.Key, kv.Value)));
        var exposure = s.Exposure.Count > 0 ? $" The exposure settings are recorded too ({string.Join(", ", s.Exposure.Select(kv => kv.Key == "ISO" ? "ISO " + kv.Value : kv.Value))})." : string.Empty;
        var lens = s.Lens is null ? string.Empty : $" with the lens {s.Lens}";
        return Make(
            "metadata.camera",
            EvidenceDirection.Authentic,
            $"Camera named in metadata: {camera}",
            $"The EXIF data says the picture was taken with a {camera}{lens}.{exposure} Cameras and phones write these fields automatically, so they fit a real photograph. " +
            "They are weak evidence, though: EXIF is trivially edited, any tool can copy a camera's fields into another file, and fake images are sometimes given camera data on purpose.",
            facts,
            CameraRatio);
    }

    private Evidence? Software(ImageMetadataSummary s)
    {
        var matches = s.SoftwareMentions.Select(SoftwareCatalog.Classify).ToList();
        if (s.PhotoshopVersionInfo is { } version && version.Contains("Photoshop", StringComparison.OrdinalIgnoreCase))
        {
            matches.Add(SoftwareCatalog.Classify(new SoftwareMention("Photoshop resource block", version)));
        }

        if (matches.Count == 0 && !s.HasPhotoshopResources)
        {
            return null;
        }

        var facts = new List<Fact>();
        foreach (var m in matches.Where(m => !m.Mention.Source.StartsWith("XMP history", StringComparison.Ordinal)))
        {
            facts.Add(new Fact(m.Mention.Source, m.Mention.Value));
        }

        foreach (var (h, i) in s.History.Take(10).Select((h, i) => (h, i)))
        {
            facts.Add(new Fact($"history {i + 1}", $"{h.Action ?? "event"} by {h.SoftwareAgent ?? "unnamed software"}{(h.When is null ? string.Empty : " at " + h.When)}"));
        }

        if (s.History.Count > 10)
        {
            facts.Add(new Fact("history events", s.History.Count.ToString(CultureInfo.InvariantCulture)));
        }

        if (s.HasPhotoshopResources && s.PhotoshopVersionInfo is null)
        {
            facts.Add(new Fact("Photoshop resource block", "present"));
        }

        var history = s.History.Count == 0 ? string.Empty :
            $" Its XMP edit history lists {s.History.Count} event(s) ({string.Join(", ", s.History.GroupBy(h => h.Action ?? "event").Select(g => $"{g.Key} ×{g.Count()}"))}).";

        if (matches.FirstOrDefault(m => m.Kind == SoftwareKind.AiGenerator) is { } ai)
        {
            return Make(
                "metadata.software",
                EvidenceDirection.AiGenerated,
                $"Metadata names an AI generator: {ai.Product}",
                $"The file's {ai.Mention.Source} reads \"{ai.Mention.Value}\", which names the AI image generator {ai.Product}. Generators and the apps built on them " +
                "write such names automatically, so this is strong evidence the picture was generated. It is not proof: this metadata is unsigned, anyone can write or " +
                "remove it, and most AI images carry no such name at all." + history,
                facts,
                GeneratorRatio,
                GeneratorReliability);
        }

        var editors = matches.Where(m => m.Kind is SoftwareKind.Editor or SoftwareKind.RawDeveloper).ToList();
        if (editors.Count > 0)
        {
            var products = string.Join(", ", editors.Select(m => m.Product).Distinct(StringComparer.Ordinal));
            var pixelEditor = editors.Any(m => m.Kind == SoftwareKind.Editor);
            var first = editors[0].Mention;
            var kind = pixelEditor
                ? "Editing is normal for published photos (cropping, colour, retouching) and is not forgery by itself, but a pixel editor can also add or remove things, so the picture may differ from what the camera recorded."
                : "Raw developers like this are used on most professional photos for global adjustments (exposure, colour, cropping); they rarely change content, so this is weak evidence.";
            return Make(
                "metadata.software",
                EvidenceDirection.Manipulated,
                $"Edited with {products}",
                $"The metadata says the file was saved with {products} ({first.Source}: \"{first.Value}\").{history} {kind} Metadata can also be edited or left over from an earlier version of the file.",
                facts,
                pixelEditor ? EditorRatio : RawDeveloperRatio);
        }

        if (matches.Count == 0)
        {
            return Make(
                "metadata.software",
                EvidenceDirection.Neutral,
                "Photoshop-style resource block present",
                "The file has a Photoshop image-resource block but names no program. Photoshop writes these, but so do many captioning and archiving tools used by news agencies to store IPTC captions; this says nothing by itself.",
                facts);
        }

        var other = matches[0].Mention;
        return Make(
            "metadata.software",
            EvidenceDirection.Neutral,
            $"Software recorded: {other.Value}",
            $"The file's {other.Source} reads \"{other.Value}\", which is not a known editing program or AI generator. Cameras and phones write their firmware version here, " +
            "and converters and uploaders their own names; nothing follows from it by itself." + history,
            facts);
    }

    private Evidence? Dates(ImageMetadataSummary s)
    {
        var capture = s.CaptureDate;
        var modified = s.ModifyDate;
        if (capture is null && modified is null)
        {
            return null;
        }

        var now = _time.GetUtcNow().UtcDateTime;
        var facts = new List<Fact>();
        if (capture is { } c)
        {
            facts.Add(new Fact("captured", Format(c) + (s.DateTimeOriginal is not null ? " (EXIF DateTimeOriginal)" : s.DateTimeDigitized is not null ? " (EXIF DateTimeDigitized)" : " (XMP CreateDate)")));
        }

        if (modified is { } m)
        {
            facts.Add(new Fact("last saved", Format(m) + (s.ModifyDate == s.DateTimeModified ? " (EXIF DateTime)" : " (XMP ModifyDate)")));
        }

        var anomalies = new List<string>();
        // Two days of slack: EXIF clocks carry no time zone.
        if (capture > now.AddDays(2))
        {
            anomalies.Add($"the capture date {Format(capture.Value)} is in the future");
        }

        if (modified > now.AddDays(2))
        {
            anomalies.Add($"the save date {Format(modified.Value)} is in the future");
        }

        if (s.DateTimeOriginal is { } dto && dto.Year < 1990 && (s.Make is not null || s.Model is not null))
        {
            anomalies.Add($"the camera's capture date {Format(dto)} is earlier than digital cameras (1990), which usually means the camera clock was never set");
        }

        TimeSpan? gap = capture is { } c2 && modified is { } m2 ? m2 - c2 : null;
        if (gap is { } g)
        {
            facts.Add(new Fact("saved after capture", Span(g)));
            if (g < -TimeSpan.FromDays(1))
            {
                anomalies.Add("the file says it was last saved before it was taken");
            }
        }

        var anomalyText = anomalies.Count == 0 ? string.Empty :
            $" The dates are also odd: {string.Join("; ", anomalies)}. Camera clocks are often wrong or reset to defaults, so this points nowhere by itself, but the dates cannot be trusted.";
        if (gap is { } late && late > LongAfterCapture)
        {
            return Make(
                "metadata.dates",
                EvidenceDirection.Manipulated,
                $"Saved again {Span(late)} after capture",
                $"The file says it was taken on {Format(capture!.Value)} and last saved on {Format(modified!.Value)}, {Span(late)} later. A camera writes both dates at the moment of capture; " +
                "a later save date means a program opened and re-saved the file (editing, conversion, captioning or archiving). That is common and often harmless, but this is not the camera's original file." + anomalyText,
                facts,
                ResavedRatio);
        }

        if (anomalies.Count > 0)
        {
            return Make(
                "metadata.dates",
                EvidenceDirection.Neutral,
                "Implausible dates in metadata",
                $"The dates in the metadata do not add up: {string.Join("; ", anomalies)}. Camera clocks are often wrong or reset to defaults (such as 1970 or 2000), so this points nowhere by itself, but these dates cannot be used to place the picture in time.",
                facts,
                reliability: 0.5);
        }

        if (gap is { } small)
        {
            var sameDay = small <= TimeSpan.FromDays(1);
            return Make(
                "metadata.dates",
                EvidenceDirection.Neutral,
                sameDay ? "Capture and save dates agree" : $"Saved again {Span(small)} after capture",
                $"The file says it was taken on {Format(capture!.Value)} and last saved {Span(small)} later. " +
                (sameDay ? "A camera saving its own file records the same moment, and so does an edit made the same day. " : "A re-save within a month of capture is ordinary (a photographer's edit, a caption, an export). ") +
                "Dates are easy to edit, so they confirm nothing on their own.",
                facts);
        }

        return Make(
            "metadata.dates",
            EvidenceDirection.Neutral,
            "One date recorded",
            $"Only one date is recorded ({facts[0].Name} {facts[0].Value}); there is nothing to compare it with. Dates are easy to edit and confirm nothing on their own.",
            facts);
    }

    private Evidence? Gps(ImageMetadataSummary s)
    {
        if (!s.HasGps)
        {
            return null;
        }

        var facts = new List<Fact> { new("GPS present", "yes") };
        if (s.Latitude is not { } lat || s.Longitude is not { } lon)
        {
            return Make(
                "metadata.gps",
                EvidenceDirection.Neutral,
                "GPS block without a usable position",
                "The file has a GPS metadata block, but no usable latitude and longitude in it. Phones write an empty block when location is off or not yet fixed; nothing follows from it.",
                facts);
        }

        facts.Add(new Fact("approximate position", string.Create(CultureInfo.InvariantCulture, $"{Math.Round(lat, 2):0.00}, {Math.Round(lon, 2):0.00}")));
        var zero = lat == 0 && lon == 0 ? " The position is exactly 0, 0, a placeholder some tools write, not a real location." : string.Empty;
        return Make(
            "metadata.gps",
            EvidenceDirection.Neutral,
            "GPS location recorded",
            "The file records where it was taken (shown here rounded to about 1 km). The position can be checked against what the picture shows (landmarks, terrain, weather, sun direction), " +
            "but like all metadata it can be edited or invented, and it says nothing about whether the pixels were changed." + zero,
            facts);
    }

    private Evidence? Thumbnail(AnalysisContext context, ImageMetadataSummary s, CancellationToken cancellationToken)
    {
        if (s.Thumbnail is not { } bytes)
        {
            return null;
        }

        RgbImage image;
        try
        {
            image = ImageDecoder.Get(context).Image;
        }
        catch (MediaException)
        {
            return null; // no pixels (HEIC, TIFF, corrupt): the pixel detectors report why
        }

        DecodedImage thumb;
        try
        {
            thumb = ImageDecoder.Decode(bytes, MaxThumbnailPixels, MediaFormat.Jpeg);
        }
        catch (MediaException ex)
        {
            return UndecodableThumbnail(ex.Message);
        }

        if (thumb.Incomplete)
        {
            return UndecodableThumbnail("the thumbnail data ends early");
        }

        var cmp = ThumbnailComparer.Compare(thumb.Image, image, cancellationToken);
        var facts = new List<Fact>
        {
            new("thumbnail size", $"{thumb.Image.Width} × {thumb.Image.Height}"),
            new("image size", $"{image.Width} × {image.Height}"),
            new("thumbnail shape (w/h)", cmp.ThumbnailAspect.ToString("0.000", CultureInfo.InvariantCulture)),
            new("image shape (w/h)", cmp.ImageAspect.ToString("0.000", CultureInfo.InvariantCulture)),
        };
        if (cmp.Bars != (0, 0, 0, 0))
        {
            facts.Add(new Fact("letterbox bars (top, bottom, left, right)", $"{cmp.Bars.Top}, {cmp.Bars.Bottom}, {cmp.Bars.Left}, {cmp.Bars.Right} px"));
        }

        if (cmp.Correlation is { } r)
        {
            facts.Add(new Fact("brightness correlation", r.ToString("0.00", CultureInfo.InvariantCulture)));
        }

        const string Stale = "Cameras write a small preview (thumbnail) into the EXIF data; some editors change the picture but leave the old preview in place. ";
        switch (cmp.Verdict)
        {
            case ThumbnailVerdict.AspectMismatch:
                return Make(
                    "metadata.thumbnail-mismatch",
                    EvidenceDirection.Manipulated,
                    "Embedded thumbnail has a different shape",
                    Stale + $"Here the preview's picture area is {cmp.ThumbnailAspect:0.00}:1 while the image is {cmp.ImageAspect:0.00}:1 (letterbox bars already allowed for), so the image was cropped or replaced after the preview was made. " +
                    "A crop is a common, often harmless edit, but it means this is not the picture as first saved.",
                    facts,
                    ThumbnailRatio,
                    0.9);
            case ThumbnailVerdict.ContentMismatch:
                return Make(
                    "metadata.thumbnail-mismatch",
                    EvidenceDirection.Manipulated,
                    "Embedded thumbnail shows a different picture",
                    Stale + $"Here the preview does not show the same picture as the image (brightness correlation {cmp.Correlation:0.00}; a matching preview scores above 0.9). " +
                    "This is a classic sign that the image was replaced or heavily edited and the stale preview left behind.",
                    facts,
                    ThumbnailRatio,
                    0.9);
            case ThumbnailVerdict.LocalMismatch:
                var (x, y, w, h) = cmp.ChangedArea!.Value;
                facts.Add(new Fact("changed area (x, y, w, h)", $"{x}, {y}, {w}, {h}"));
                return new Evidence
                {
                    Id = "metadata.thumbnail-mismatch",
                    DetectorId = Id,
                    Category = Category,
                    Direction = EvidenceDirection.Manipulated,
                    Title = "Embedded thumbnail differs in one area",
                    Explanation = Stale + $"Here the preview matches the image overall (correlation {cmp.Correlation:0.00}) except in one area ({cmp.ChangedCells} of {cmp.GridWidth * cmp.GridHeight} cells, marked), " +
                        "which suggests something there was changed after the preview was written. Heavy compression of the tiny preview can cause small differences, so check the marked area by eye.",
                    Facts = facts,
                    LikelihoodRatio = ThumbnailRatio,
                    Reliability = 0.75,
                    Regions = [new Region(x, y, w, h, 1.0, "differs from the embedded thumbnail")],
                    Heatmap = Heatmap.FromValues(cmp.GridWidth, cmp.GridHeight, cmp.CellDifferences, 0f, 3 * ThumbnailComparer.LocalFloor, "difference from the EXIF thumbnail"),
                };
            case ThumbnailVerdict.Rotated:
                return Make(
                    "metadata.thumbnail-mismatch",
                    EvidenceDirection.Neutral,
                    "Embedded thumbnail is the same picture, turned",
                    Stale + "Here the preview shows the same picture turned by 90°, which is what lossless rotation tools leave behind; it does not suggest a content edit.",
                    facts);
            case ThumbnailVerdict.Undecidable:
                return Make(
                    "metadata.thumbnail-mismatch",
                    EvidenceDirection.Neutral,
                    "Embedded thumbnail could not be compared",
                    "The embedded preview or the image is too small or too flat to compare reliably.",
                    facts,
                    reliability: 0.3);
            default:
                return Make(
                    "metadata.thumbnail-mismatch",
                    EvidenceDirection.Neutral,
                    "Embedded thumbnail matches the image",
                    Stale + $"Here the preview shows the same picture with the same framing (correlation {cmp.Correlation:0.00}). That is expected of a camera original, but editors that rewrite the preview produce the same result, so it proves little.",
                    facts);
        }
    }

    private Evidence UndecodableThumbnail(string message) => Make(
        "metadata.thumbnail-mismatch",
        EvidenceDirection.Neutral,
        "Embedded thumbnail could not be decoded",
        "The EXIF data points to a preview image that cannot be decoded, so it could not be compared with the picture. Damaged previews occur after careless metadata edits; nothing follows from it by itself.",
        [new Fact("decoder message", Truncate(message, 160))],
        reliability: 0.3);

    private Evidence? Icc(ImageMetadataSummary s) => s.IccDescription is not { } icc ? null : Make(
        "metadata.icc-profile",
        EvidenceDirection.Neutral,
        $"Colour profile: {icc}",
        $"The file embeds the colour profile \"{icc}\". Cameras, phones and editors all write colour profiles (\"Display P3\" is typical of Apple devices, sRGB of most cameras and web tools); it is context, not evidence.",
        [new Fact("ICC profile", icc)]);

    private static string CameraName(string? make, string? model) => (make, model) switch
    {
        ({ } a, { } b) when b.StartsWith(a, StringComparison.OrdinalIgnoreCase) => b,
        ({ } a, { } b) => $"{a} {b}",
        ({ } a, null) => a,
        (null, { } b) => b,
        _ => "unknown camera",
    };

    private static string Format(DateTime d) => d.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    private static string Span(TimeSpan t)
    {
        var days = Math.Abs(t.TotalDays);
        var sign = t < TimeSpan.Zero ? "minus " : string.Empty;
        return days switch
        {
            >= 730 => string.Create(CultureInfo.InvariantCulture, $"{sign}about {days / 365.25:0} years"),
            >= 60 => string.Create(CultureInfo.InvariantCulture, $"{sign}about {days / 30.44:0} months"),
            >= 2 => string.Create(CultureInfo.InvariantCulture, $"{sign}{days:0} days"),
            _ when Math.Abs(t.TotalHours) >= 1 => string.Create(CultureInfo.InvariantCulture, $"{sign}{Math.Abs(t.TotalHours):0.#} hours"),
            _ when Math.Abs(t.TotalMinutes) >= 1 => string.Create(CultureInfo.InvariantCulture, $"{sign}{Math.Abs(t.TotalMinutes):0} minutes"),
            _ => string.Create(CultureInfo.InvariantCulture, $"{sign}{Math.Abs(t.TotalSeconds):0} seconds"),
        };
    }

    private static string Truncate(string s, int max) => s.Length <= max ? s : s[..max] + "…";
}
