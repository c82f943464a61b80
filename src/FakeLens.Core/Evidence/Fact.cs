namespace FakeLens.Core.Evidence;

/// <summary>A measured or read value shown beside a finding ("quality" = "92", "camera" = "Canon EOS 5D").</summary>
public sealed record Fact(string Name, string Value);
