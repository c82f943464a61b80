namespace FakeLens.Core.Evidence;

/// <summary>How much a finding should draw a reader's eye (Ghiro-style), derived from strength and reliability.</summary>
public enum Severity
{
    Info,
    Low,
    Medium,
    High,
    Critical,
}
