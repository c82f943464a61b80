using System.Security.Cryptography.X509Certificates;

namespace FakeLens.Provenance.C2pa;

/// <summary>
/// Trust anchors for claim signers (a PEM bundle, like c2pa-rs <c>trust.trust_anchors</c>) and, separately, for
/// CAWG X.509 identity credentials. Without anchors a valid manifest is reported valid but untrusted.
/// </summary>
public sealed record C2paTrustSettings
{
    public static C2paTrustSettings None { get; } = new();

    public IReadOnlyList<X509Certificate2> Anchors { get; init; } = [];

    public IReadOnlyList<X509Certificate2> CawgAnchors { get; init; } = [];

    /// <summary>Reads every certificate in a PEM text.</summary>
    public static C2paTrustSettings FromPem(string pem, string? cawgPem = null) => new()
    {
        Anchors = Load(pem),
        CawgAnchors = cawgPem is null ? [] : Load(cawgPem),
    };

    public static C2paTrustSettings FromPemFile(string path) => FromPem(File.ReadAllText(path));

    private static List<X509Certificate2> Load(string pem)
    {
        var collection = new X509Certificate2Collection();
        collection.ImportFromPem(pem);
        return [.. collection];
    }
}
