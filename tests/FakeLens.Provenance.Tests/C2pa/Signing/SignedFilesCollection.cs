namespace FakeLens.Provenance.Tests.C2pa.Signing;

/// <summary>Shares one <see cref="ExternalValidatorFixture"/> (signing + two node runs) between the test classes that read it.</summary>
[CollectionDefinition(Name)]
public sealed class SignedFilesCollection : ICollectionFixture<ExternalValidatorFixture>
{
    public const string Name = "FakeLens-signed files checked by c2pa-rs and c2pa-ts";
}
