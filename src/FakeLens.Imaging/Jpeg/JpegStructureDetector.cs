using System.Globalization;
using FakeLens.Core.Detection;
using FakeLens.Core.Evidence;
using FakeLens.Core.Media;

namespace FakeLens.Imaging.Jpeg;

// Method: reads the JPEG marker structure (ITU-T T.81 Annex B) and estimates the encoder quality by matching the
// quantisation tables against the IJG Annex K tables scaled as libjpeg does (the approach of ImageMagick's
// "identify -verbose" and of Kornblum, "Using JPEG quantization tables to identify imagery processed by
// software", DFRWS 2008). No parameters are tuned: a table is "standard" only on an exact match. Every finding
// is neutral: structure tells the reader how the file was last written, not whether its content is real.
public sealed class JpegStructureDetector : IDetector
{
    /// <summary>Bytes after EOI below which trailing data is treated as padding and not reported.</summary>
    private const int TrailingPadding = 16;

    public string Id => "jpeg.structure";

    public string Description => "JPEG markers, quantisation tables and estimated quality; reports data after the end of the image and truncation.";

    public EvidenceCategory Category => EvidenceCategory.Compression;

    public bool AppliesTo(MediaType media) => media?.Format == MediaFormat.Jpeg;

    public ValueTask<IReadOnlyList<Evidence>> AnalyzeAsync(AnalysisContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        cancellationToken.ThrowIfCancellationRequested();
        var s = JpegParser.Get(context);
        var result = new List<Evidence>();
        if (s.Frame is null)
        {
            throw new MediaException("The JPEG has no frame header (SOF), so it holds no image.") { Code = "corrupt" };
        }

        result.Add(Quality(s));
        result.Add(Layout(s));
        if (s.Truncated || !s.HasEndMarker)
        {
            result.Add(new Evidence
            {
                Id = "jpeg.truncated",
                DetectorId = Id,
                Category = Category,
                Direction = EvidenceDirection.Neutral,
                Title = "JPEG file ends early",
                Explanation = "The file stops before its end-of-image marker, so part of the picture is missing (viewers usually show it grey). " +
                    "This happens with interrupted downloads or copies; it says nothing about the content, but pixel analyses of the missing part mean nothing.",
                Reliability = 1,
                Facts = [new Fact("end marker found", s.HasEndMarker ? "yes" : "no"), new Fact("file bytes", context.Bytes.Length.ToString(CultureInfo.InvariantCulture))],
            });
        }

        if (s.TrailingBytes > TrailingPadding)
        {
            result.Add(new Evidence
            {
                Id = "jpeg.trailing-data",
                DetectorId = Id,
                Category = Category,
                Direction = EvidenceDirection.Neutral,
                Title = s.TrailingIsJpeg ? "A second image is stored after the end of the JPEG" : "Data is stored after the end of the JPEG",
                Explanation = s.TrailingIsJpeg
                    ? $"{s.TrailingBytes:N0} bytes follow the end-of-image marker and contain another JPEG. Phones store previews, depth maps or HDR gain maps this way (MPF); " +
                      "that extra image may show an earlier state of the picture and is worth extracting and comparing."
                    : $"{s.TrailingBytes:N0} bytes follow the end-of-image marker. Viewers ignore them. Some cameras and apps append data there, " +
                      "but it is also where files are hidden or where an editor left remains of an earlier file; it is worth a look with a hex viewer.",
                Facts = [new Fact("bytes after end of image", s.TrailingBytes.ToString(CultureInfo.InvariantCulture)), new Fact("starts another JPEG", s.TrailingIsJpeg ? "yes" : "no")],
            });
        }

        return ValueTask.FromResult<IReadOnlyList<Evidence>>(result);
    }

    private Evidence Quality(JpegStructure s)
    {
        var frame = s.Frame!;
        var luma = s.TableFor(0);
        var chroma = frame.Components.Count > 1 ? s.TableFor(1) : null;
        var facts = new List<Fact>
        {
            new("size", $"{frame.Width} × {frame.Height}"),
            new("coding", frame.Process),
            new("chroma subsampling", frame.Subsampling),
        };
        if (luma is null)
        {
            return new Evidence
            {
                Id = "jpeg.quality",
                DetectorId = Id,
                Category = Category,
                Direction = EvidenceDirection.Neutral,
                Title = "JPEG quality unknown",
                Explanation = "The file defines no quantisation table for its brightness channel, which a valid JPEG must do; the quality cannot be estimated.",
                Reliability = 0,
                Facts = facts,
            };
        }

        var l = JpegQuality.Estimate(luma, chroma: false);
        var c = chroma is null ? null : JpegQuality.Estimate(chroma, chroma: true);
        var standard = l.IsStandard && (c is null || c.IsStandard);
        facts.Add(new Fact("luma quality", l.Quality.ToString(CultureInfo.InvariantCulture)));
        if (c is not null)
        {
            facts.Add(new Fact("chroma quality", c.Quality.ToString(CultureInfo.InvariantCulture)));
        }

        facts.Add(new Fact("standard IJG tables", standard ? "yes" : "no"));
        facts.Add(new Fact("luma table mean deviation", l.MeanAbsoluteError.ToString("0.##", CultureInfo.InvariantCulture)));
        facts.Add(new Fact("luma table (first row)", string.Join(' ', luma.Values.AsSpan(0, 8).ToArray())));
        var who = standard
            ? "The tables are exactly the standard libjpeg tables, as written by most software (libjpeg, browsers, Skia, GIMP, Python imaging, OpenCV, social platforms) and by AI image services; few cameras use them."
            : "The tables are not the standard libjpeg ones: cameras, phones and Adobe software use tables of their own, so the quality above is only the nearest libjpeg equivalent.";
        return new Evidence
        {
            Id = "jpeg.quality",
            DetectorId = Id,
            Category = Category,
            Direction = EvidenceDirection.Neutral,
            Title = standard ? $"JPEG quality {l.Quality} (standard tables)" : $"JPEG quality ≈ {l.Quality} (custom tables)",
            Explanation = $"The image was last saved as a {frame.Process} JPEG at a quality of about {l.Quality} on the usual 1–100 scale " +
                $"(chroma {frame.Subsampling}). Camera originals are typically 90–98; platforms and messaging apps often re-save at 70–85. {who}",
            Facts = facts,
        };
    }

    private Evidence Layout(JpegStructure s)
    {
        var hasExif = s.HasApplicationSegment("Exif");
        var hasXmp = s.HasApplicationSegment("XMP");
        var apps = s.ApplicationSegments.Count == 0 ? "none" : string.Join(", ", s.ApplicationSegments.Distinct());
        var facts = new List<Fact>
        {
            new("application segments", apps),
            new("scans", s.Scans.Count.ToString(CultureInfo.InvariantCulture)),
            new("restart interval", s.Scans.Count > 0 ? s.Scans[0].RestartInterval.ToString(CultureInfo.InvariantCulture) : "0"),
        };
        foreach (var comment in s.Comments.Where(c => c.Length > 0).Take(3))
        {
            facts.Add(new Fact("comment", comment));
        }

        var metadata = (hasExif, hasXmp) switch
        {
            (true, true) => "It carries Exif and XMP metadata.",
            (true, false) => "It carries Exif metadata.",
            (false, true) => "It carries XMP metadata but no Exif block.",
            _ => "It carries no Exif or XMP metadata: camera originals normally have Exif, but most platforms strip it, so its absence proves nothing.",
        };
        var commentText = s.Comments.Any(c => c.Length > 0) ? $" The file contains a comment: \"{s.Comments.First(c => c.Length > 0)}\" — encoders often name themselves there." : string.Empty;
        return new Evidence
        {
            Id = "jpeg.segments",
            DetectorId = Id,
            Category = Category,
            Direction = EvidenceDirection.Neutral,
            Title = hasExif ? "JPEG with Exif metadata" : "JPEG without Exif metadata",
            Explanation = $"Segments before the image data: {apps}. {metadata}{commentText}",
            Facts = facts,
        };
    }
}
