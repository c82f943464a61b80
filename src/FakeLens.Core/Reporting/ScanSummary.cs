using FakeLens.Core.Fusion;

namespace FakeLens.Core.Reporting;

/// <summary>Counts over a scan: files, errors, and files per verdict band.</summary>
public sealed record ScanSummary(int Files, int Analysed, int Errors, IReadOnlyDictionary<VerdictBand, int> Bands)
{
    public static ScanSummary Of(IReadOnlyList<FileReport> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var bands = Enum.GetValues<VerdictBand>().ToDictionary(b => b, b => files.Count(f => f.Verdict?.Band == b));
        return new ScanSummary(files.Count, files.Count(f => f.Status == FileStatus.Ok), files.Count(f => f.Status == FileStatus.Error), bands);
    }
}
