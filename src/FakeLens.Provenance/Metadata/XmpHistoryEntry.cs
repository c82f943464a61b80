namespace FakeLens.Provenance.Metadata;

/// <summary>One <c>xmpMM:History</c> event (<c>stEvt</c>): what a program did to the file and when.</summary>
/// <param name="Action">stEvt:action, e.g. "created", "saved", "converted", "derived".</param>
/// <param name="SoftwareAgent">stEvt:softwareAgent, e.g. "Adobe Photoshop 21.1 (Macintosh)".</param>
/// <param name="When">stEvt:when as written (ISO 8601).</param>
public sealed record XmpHistoryEntry(string? Action, string? SoftwareAgent, string? When);
