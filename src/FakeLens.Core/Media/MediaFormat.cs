namespace FakeLens.Core.Media;

/// <summary>A container or codec format recognised from the file's bytes.</summary>
public enum MediaFormat
{
    Unknown,
    Jpeg,
    Png,
    WebP,
    Gif,
    Tiff,
    Bmp,
    Heic,
    Avif,
    Wav,
    Mp3,
    Flac,
    Ogg,
    M4a,
    Mp4,
    Mov,
    WebM,
    Mkv,
    Avi,
}
