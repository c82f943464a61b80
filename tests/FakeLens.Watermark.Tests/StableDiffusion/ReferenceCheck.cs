namespace FakeLens.Watermark.Tests.StableDiffusion;

/// <summary>One file × decoder config of expected.json.</summary>
internal sealed record ReferenceCheck(
    string File,
    string DecodedBgrSha256,
    string Config,
    string Method,
    string PayloadHex,
    bool Marked,
    string? FileMarkedWith,
    string DecodedBits,
    int MatchedBits,
    string? DetectVerdict);
