namespace FakeLens.Core.Reporting;

/// <summary>Whether a file was analysed.</summary>
public enum FileStatus
{
    /// <summary>Analysed; a verdict is given (some detectors may still have been unable to run).</summary>
    Ok,

    /// <summary>Not analysed: missing, unreadable, not media, corrupt, too large or timed out. No verdict.</summary>
    Error,
}
