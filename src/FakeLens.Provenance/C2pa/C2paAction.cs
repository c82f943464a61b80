namespace FakeLens.Provenance.C2pa;

/// <summary>One action of a <c>c2pa.actions</c> assertion; <see cref="DigitalSourceType"/> is the IPTC URI (trimmed),
/// taken from the action or from Adobe's <c>com.adobe.digitalSourceType</c> parameter.</summary>
public sealed record C2paAction(string Action, string? DigitalSourceType, string? SoftwareAgent, string? When, string? Description);
