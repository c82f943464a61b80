namespace FakeLens.Provenance.C2pa;

/// <summary>A hashed JUMBF URI: the reference (<c>self#jumbf=…</c>), the hash algorithm if given, and the hash.</summary>
public sealed record C2paHashedUri(string Url, string? Algorithm, ReadOnlyMemory<byte> Hash);
