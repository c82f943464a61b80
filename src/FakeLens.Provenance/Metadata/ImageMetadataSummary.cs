namespace FakeLens.Provenance.Metadata;

/// <summary>
/// The metadata facts FakeLens reasons about, read once from a file by <see cref="MetadataSummaryReader"/>
/// (EXIF, XMP, IPTC/Photoshop resources, ICC, PNG text). Strings are as written in the file, trimmed; absent
/// values are null. Dates are clock times as written (EXIF has no time zone; XMP offsets are dropped so both
/// compare on the same clock).
/// </summary>
public sealed record ImageMetadataSummary
{
    /// <summary>Names of every metadata directory MetadataExtractor produced ("Exif IFD0", "XMP", "ICC Profile", ...).</summary>
    public IReadOnlyList<string> DirectoryNames { get; init; } = [];

    /// <summary>Problems the parser reported inside directories (truncated IFDs, bad offsets).</summary>
    public IReadOnlyList<string> ParserWarnings { get; init; } = [];

    public bool HasExif { get; init; }

    public bool HasXmp { get; init; }

    public bool HasIptc { get; init; }

    public string? Make { get; init; }

    public string? Model { get; init; }

    public string? Lens { get; init; }

    /// <summary>Exposure facts as described by MetadataExtractor ("1/125 sec", "f/5.6", "ISO 100", "50 mm").</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Exposure { get; init; } = [];

    /// <summary>EXIF Software (IFD0).</summary>
    public string? Software { get; init; }

    /// <summary>xmp:CreatorTool.</summary>
    public string? CreatorTool { get; init; }

    public IReadOnlyList<XmpHistoryEntry> History { get; init; } = [];

    /// <summary>Every program named in the file (EXIF Software, XMP CreatorTool, history agents, PNG text), in that order.</summary>
    public IReadOnlyList<SoftwareMention> SoftwareMentions { get; init; } = [];

    /// <summary>A Photoshop image resource block (APP13) is present; IPTC editors write one too.</summary>
    public bool HasPhotoshopResources { get; init; }

    /// <summary>The Photoshop "Version Info" resource (0x0421), written by Photoshop itself.</summary>
    public string? PhotoshopVersionInfo { get; init; }

    /// <summary>EXIF DateTimeOriginal.</summary>
    public DateTime? DateTimeOriginal { get; init; }

    /// <summary>EXIF DateTimeDigitized.</summary>
    public DateTime? DateTimeDigitized { get; init; }

    /// <summary>EXIF DateTime (IFD0): when the file was last written, by convention.</summary>
    public DateTime? DateTimeModified { get; init; }

    /// <summary>xmp:CreateDate (or photoshop:DateCreated when absent).</summary>
    public DateTime? XmpCreateDate { get; init; }

    /// <summary>xmp:ModifyDate.</summary>
    public DateTime? XmpModifyDate { get; init; }

    public bool HasGps { get; init; }

    public double? Latitude { get; init; }

    public double? Longitude { get; init; }

    /// <summary>ICC profile description ("sRGB IEC61966-2.1", "Display P3").</summary>
    public string? IccDescription { get; init; }

    /// <summary>The EXIF thumbnail (IFD1) as stored, when it could be located and looks like a JPEG.</summary>
    public ReadOnlyMemory<byte>? Thumbnail { get; init; }

    /// <summary>The thumbnail's declared length in bytes (IFD1 JPEGInterchangeFormatLength), even when it could not be read.</summary>
    public int? ThumbnailDeclaredLength { get; init; }

    /// <summary>The date the file says it was captured: DateTimeOriginal, else DateTimeDigitized, else xmp:CreateDate.</summary>
    public DateTime? CaptureDate => DateTimeOriginal ?? DateTimeDigitized ?? XmpCreateDate;

    /// <summary>The latest "last saved" date the file records: EXIF DateTime or xmp:ModifyDate.</summary>
    public DateTime? ModifyDate => (DateTimeModified, XmpModifyDate) switch
    {
        ({ } a, { } b) => a > b ? a : b,
        ({ } a, null) => a,
        (null, { } b) => b,
        _ => null,
    };
}
