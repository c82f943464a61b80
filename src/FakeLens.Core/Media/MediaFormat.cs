using System.Text.Json.Serialization;

namespace FakeLens.Core.Media;

/// <summary>A container or codec format recognised from the file's bytes.</summary>
public enum MediaFormat
{
    Unknown,
    Jpeg,
    Png,
    [JsonStringEnumMemberName("webp")]
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
    [JsonStringEnumMemberName("webm")]
    WebM,
    Mkv,
    Avi,
}
