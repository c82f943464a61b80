namespace FakeLens.Provenance.Labels;

/// <summary>What <see cref="LabelInterpreter"/> recognised in a file's labels.</summary>
public sealed record LabelFindings(IReadOnlyList<SourceTypeLabel> SourceTypes, IReadOnlyList<GeneratorLabel> Generators);
