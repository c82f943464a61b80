namespace FakeLens.Provenance.Metadata;

/// <summary>Outcome of comparing an EXIF thumbnail with the main image.</summary>
public enum ThumbnailVerdict
{
    /// <summary>Same picture, same framing.</summary>
    Match,

    /// <summary>Same picture turned by 90°: typical of lossless rotation tools that do not rewrite the thumbnail.</summary>
    Rotated,

    /// <summary>The thumbnail's shape (after removing letterbox bars) differs from the image's: cropped or replaced.</summary>
    AspectMismatch,

    /// <summary>Same shape, but the thumbnail shows a different picture.</summary>
    ContentMismatch,

    /// <summary>Same picture except in one area: something there was changed after the thumbnail was written.</summary>
    LocalMismatch,

    /// <summary>Too flat or too small to compare.</summary>
    Undecidable,
}
