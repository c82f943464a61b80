namespace FakeLens.Provenance.Tests.Metadata;

/// <summary>What <see cref="ExifWriter.Tiff"/> writes; dates are EXIF text ("2021:06:01 12:00:00").</summary>
internal sealed record ExifSpec
{
    public string? Make { get; init; }

    public string? Model { get; init; }

    public string? Software { get; init; }

    public string? DateTime { get; init; }

    public string? DateTimeOriginal { get; init; }

    public bool WithExposure { get; init; }

    public (double Latitude, double Longitude)? Gps { get; init; }

    /// <summary>JPEG bytes for IFD1.</summary>
    public byte[]? Thumbnail { get; init; }

    /// <summary>Writes this as the IFD1 thumbnail offset instead of the true one.</summary>
    public int? ThumbnailOffsetOverride { get; init; }

    /// <summary>Writes this as the IFD0 offset in the TIFF header instead of 8.</summary>
    public uint? Ifd0OffsetOverride { get; init; }
}
