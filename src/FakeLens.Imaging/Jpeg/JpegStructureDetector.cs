using System.Globalization;
using FakeLens.Core.Detection;
using FakeLens.Core.Evidence;
using FakeLens.Core.Media;

namespace FakeLens.Imaging.Jpeg;

// Method: reads the JPEG marker structure (ITU-T T.81 Annex B) and estimates the encoder quality by matching the
// quantisation tables against the IJG Annex K tables scaled as libjpeg does (the approach of ImageMagick's
// "identify -verbose" and of Kornblum, "Using JPEG quantization tables to identify imagery processed by
// software", DFRWS 2008). No parameters are tuned: a table is "standard" only on an exact match. The structure
// findings are neutral: they tell the reader how the file was last written, not whether its content is real.
// Non-IJG tables are then looked up in KnownEncoderTables (Photoshop presets, camera tables; exact or off by at most 2
// in total, see EncoderIdentifier). That lookup is the one weak directional cue (`jpeg.encoder`, LR 1.5): Photoshop tables
// mean the pixels went through an editor, camera tables mean no re-save was visible; tables are easy to copy, so no more.
public sealed class JpegStructureDetector : IDetector
{
    /// <summary>Bytes after EOI below which trailing data is treated as padding and not reported.</summary>
    private const int TrailingPadding = 16;

    /// <summary>LR of the encoder cue: tables are a real but easily copied trace, so it stays small.</summary>
    private const double EncoderLikelihoodRatio = 1.5;

    /// <summary>Reliability of a match that is within tolerance but not exact.</summary>
    private const double NearMatchReliability = 0.6;

    public string Id => "jpeg.structure";

    public string Description => "JPEG markers, quantisation tables, estimated quality and known encoders (Photoshop, cameras); reports data after the end of the image and truncation.";

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
        if (Encoder(s) is { } encoder)
        {
            result.Add(encoder);
        }

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

    private Evidence? Encoder(JpegStructure s)
    {
        var frame = s.Frame!;
        var luma = s.TableFor(0);
        var chroma = frame.Components.Count > 1 ? s.TableFor(1) : null;
        if (luma is null || (JpegQuality.Estimate(luma, chroma: false).IsStandard && (chroma is null || JpegQuality.Estimate(chroma, chroma: true).IsStandard)))
        {
            // Standard libjpeg tables are already reported by jpeg.quality and say nothing about who saved the file.
            return null;
        }

        var match = EncoderIdentifier.Identify(luma, chroma);
        if (match is null)
        {
            return null;
        }

        var e = match.Entry;
        var how = (match.ComparedChroma, match.IsExact) switch
        {
            (true, true) => "The file's brightness (luminance) and colour (chrominance) quantisation tables are identical to",
            (true, false) => $"The file's brightness (luminance) and colour (chrominance) quantisation tables differ by only {match.Difference} step(s) in total from",
            (false, true) => "The file's brightness (luminance) quantisation table (the image is greyscale and has no colour table) is identical to",
            (false, false) => $"The file's brightness (luminance) quantisation table (the image is greyscale and has no colour table) differs by only {match.Difference} step(s) from",
        };
        var setting = (e.Quality.Length > 0 ? $"{e.Encoder} at its {e.Quality} setting" : e.Encoder) +
            (e.Models.Length > 0 ? $" (the same tables are used by: {e.Models})" : string.Empty);
        var facts = new List<Fact>
        {
            new("encoder", e.Encoder),
            new("encoder type", e.Family.ToString().ToLowerInvariant()),
            new("quality setting", e.Quality.Length > 0 ? e.Quality : "not recorded by the table source"),
            new("tables compared", match.ComparedChroma ? "luminance and chrominance" : "luminance"),
            new("difference", match.IsExact ? "0 (exact)" : match.Difference.ToString(CultureInfo.InvariantCulture)),
            new("table source", e.Source),
        };
        if (e.Models.Length > 0)
        {
            facts.Insert(1, new Fact("models", e.Models));
        }

        var nearNote = match.IsExact ? string.Empty : " The match is close rather than exact, so it is given less weight.";
        var (direction, title, explanation) = e.Family switch
        {
            EncoderFamily.Editor => (
                EvidenceDirection.Manipulated,
                $"Last saved by {e.Encoder}",
                $"{how} the tables of {setting}, so the file was last saved by that software. " +
                "Editing is not forgery: photographers and newsrooms routinely crop, straighten and adjust colour before publishing. " +
                "But it means the pixels passed through editing software after they were captured, so this is not a camera original " +
                "and anything in it may have been changed; ask for the original file."),
            EncoderFamily.Camera => (
                EvidenceDirection.Authentic,
                $"Camera compression tables: {e.Encoder}",
                $"{how} the tables of {setting}. Cameras use such tables of their own, and most editing or sharing software would have " +
                "replaced them on saving, so this is consistent with a file as the camera wrote it. It is weak evidence: the tables are easy to copy " +
                "into an edited file, several models share them, and it says nothing about what was in front of the camera."),
            _ => (
                EvidenceDirection.Neutral,
                $"Saved with {e.Encoder}",
                $"{how} the tables of {setting}. A general-purpose encoder says who wrote the file last, not whether its content was changed."),
        };
        var neutral = direction == EvidenceDirection.Neutral;
        return new Evidence
        {
            Id = "jpeg.encoder",
            DetectorId = Id,
            Category = Category,
            Direction = direction,
            LikelihoodRatio = neutral ? 1 : EncoderLikelihoodRatio,
            Reliability = match.IsExact ? 1 : NearMatchReliability,
            Forgeable = direction == EvidenceDirection.Authentic,
            Title = title,
            Explanation = explanation + nearNote,
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
