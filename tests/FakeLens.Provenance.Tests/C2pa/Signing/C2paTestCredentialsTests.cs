using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using FakeLens.Provenance.C2pa.Signing;

namespace FakeLens.Provenance.Tests.C2pa.Signing;

public sealed class C2paTestCredentialsTests
{
    [Fact]
    public void Test_signer_certificate_meets_the_C2PA_certificate_profile()
    {
        var set = C2paTestCredentials.Create("CN=Newsroom test, O=Example");
        using var credential = C2paSigningCredential.FromPem(set.ChainPem, set.KeyPem);
        var leaf = credential.Chain[0];

        Assert.Equal(2, credential.Chain.Count);
        Assert.Equal("ES256", credential.Algorithm);
        Assert.Equal(3, leaf.Version);
        Assert.Equal("CN=Newsroom test, O=Example", leaf.Subject);
        var keyUsage = leaf.Extensions.OfType<X509KeyUsageExtension>().Single();
        Assert.True(keyUsage.Critical);
        Assert.Equal(X509KeyUsageFlags.DigitalSignature, keyUsage.KeyUsages);
        var eku = leaf.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single().EnhancedKeyUsages.Cast<Oid>().Select(o => o.Value).ToList();
        Assert.Equal(["1.3.6.1.5.5.7.3.4", "1.3.6.1.5.5.7.3.36"], eku);
        Assert.False(leaf.Extensions.OfType<X509BasicConstraintsExtension>().Single().CertificateAuthority);
        Assert.Single(leaf.Extensions.OfType<X509AuthorityKeyIdentifierExtension>());
        Assert.Single(leaf.Extensions.OfType<X509SubjectKeyIdentifierExtension>());
        Assert.True(leaf.NotAfter > DateTime.Now.AddDays(300));
    }

    [Fact]
    public void Signer_chains_to_the_trust_anchor_file_and_not_to_the_system_store()
    {
        var set = C2paTestCredentials.Create();
        using var credential = C2paSigningCredential.FromPem(set.ChainPem, set.KeyPem);
        using var anchor = X509Certificate2.CreateFromPem(set.TrustAnchorPem);

        using var chain = new X509Chain();
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(anchor);
        Assert.True(chain.Build(credential.Chain[0]), string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation)));
        Assert.Equal(anchor.Thumbprint, credential.Chain[1].Thumbprint);
        Assert.True(anchor.Extensions.OfType<X509BasicConstraintsExtension>().Single().CertificateAuthority);
    }

    [Fact]
    public void A_key_that_does_not_belong_to_the_certificate_is_refused()
    {
        var a = C2paTestCredentials.Create();
        var b = C2paTestCredentials.Create();

        var e = Assert.Throws<ArgumentException>(() => C2paSigningCredential.FromPem(a.ChainPem, b.KeyPem));
        Assert.Contains("does not belong", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => C2paSigningCredential.FromPem("not a pem", a.KeyPem));
    }

    [Theory]
    [InlineData("ES384", 384)]
    [InlineData("ES512", 521)]
    public void Larger_curves_give_the_matching_COSE_algorithm(string algorithm, int keySize)
    {
        var set = C2paTestCredentials.Create(algorithm: algorithm);
        using var credential = C2paSigningCredential.FromPem(set.ChainPem, set.KeyPem);

        Assert.Equal(algorithm, credential.Algorithm);
        Assert.Equal(keySize, credential.Key.KeySize);
    }
}
