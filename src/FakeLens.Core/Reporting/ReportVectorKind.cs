namespace FakeLens.Core.Reporting;

/// <summary>What an arrow in the report's image viewer stands for.</summary>
public enum ReportVectorKind
{
    /// <summary>A copied area (source) and where it was pasted (target).</summary>
    Pair,

    /// <summary>A direction measured at a region, e.g. where the light comes from.</summary>
    Direction,
}
