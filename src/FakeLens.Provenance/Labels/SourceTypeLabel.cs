namespace FakeLens.Provenance.Labels;

/// <summary>A digital source type value found in a file.</summary>
/// <param name="Value">As written ("http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia").</param>
/// <param name="Type">The IPTC term it names, or null when it names none.</param>
/// <param name="Place">Where it was found ("JPEG XMP (APP1)").</param>
public sealed record SourceTypeLabel(string Value, DigitalSourceType? Type, string Place);
