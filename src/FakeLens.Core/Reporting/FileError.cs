namespace FakeLens.Core.Reporting;

/// <summary>Why a file, or one detector on it, could not be analysed.</summary>
/// <param name="Code">Short machine code: not-found, empty, not-media, too-large, corrupt, unsupported, timeout, unreadable, detector-failed, detector-timeout.</param>
/// <param name="Message">What happened, for a person.</param>
/// <param name="Detector">The detector concerned, when the error is a detector's.</param>
public sealed record FileError(string Code, string Message, string? Detector = null);
