namespace FakeLens.Core.Reporting;

/// <summary>Which program wrote a report.</summary>
public sealed record ToolInfo(string Name, string Version)
{
    public static ToolInfo Current { get; } = new("fakelens",
        typeof(ToolInfo).Assembly.GetName().Version?.ToString(3) ?? "0.0.0");
}
