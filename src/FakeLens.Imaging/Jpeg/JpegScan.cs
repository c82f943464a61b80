namespace FakeLens.Imaging.Jpeg;

/// <summary>One scan (SOS): its components, spectral selection and where its entropy-coded data lies.</summary>
/// <param name="SpectralStart">Ss (0 for sequential scans).</param>
/// <param name="SpectralEnd">Se (63 for sequential scans).</param>
/// <param name="ApproxHigh">Ah (successive approximation).</param>
/// <param name="ApproxLow">Al (successive approximation).</param>
/// <param name="RestartInterval">MCUs between restart markers (0 = none), as defined when the scan started.</param>
/// <param name="DataOffset">Offset of the first entropy-coded byte.</param>
/// <param name="DataLength">Bytes of entropy-coded data, including stuffed zeros and restart markers.</param>
public sealed record JpegScan(
    IReadOnlyList<JpegScanComponent> Components,
    int SpectralStart,
    int SpectralEnd,
    int ApproxHigh,
    int ApproxLow,
    int RestartInterval,
    int DataOffset,
    int DataLength);
