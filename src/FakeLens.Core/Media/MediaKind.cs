namespace FakeLens.Core.Media;

/// <summary>What a file holds, as far as detectors care.</summary>
public enum MediaKind
{
    Unknown,
    Image,
    Audio,
    Video,
}
