namespace FakeLens.Provenance.Labels;

/// <summary>One term of the IPTC Digital Source Type vocabulary, with its name and definition in words.</summary>
/// <param name="Term">The code ("trainedAlgorithmicMedia").</param>
/// <param name="Name">IPTC's name for it.</param>
/// <param name="Definition">IPTC's definition, paraphrased for a reader.</param>
public sealed record DigitalSourceType(string Term, string Name, string Definition, SourceTypeKind Kind);
