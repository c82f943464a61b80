namespace FakeLens.Core.Evidence;

/// <summary>The family a piece of evidence belongs to; reports group evidence cards by it.</summary>
public enum EvidenceCategory
{
    Provenance,
    Metadata,
    Watermark,
    Compression,
    Noise,
    Frequency,
    CopyMove,
    Lighting,
    Faces,
    Learned,
    Voice,
    Temporal,
}
