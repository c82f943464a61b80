namespace FakeLens.Provenance.C2pa;

/// <summary>Status codes FakeLens emits, as the C2PA specification (2.1 §15) and c2pa-rs spell them.</summary>
public static class C2paStatusCodes
{
    public const string ClaimSignatureValidated = "claimSignature.validated";
    public const string ClaimSignatureMismatch = "claimSignature.mismatch";
    public const string ClaimSignatureMissing = "claimSignature.missing";
    public const string ClaimSignatureInsideValidity = "claimSignature.insideValidity";
    public const string ClaimSignatureOutsideValidity = "claimSignature.outsideValidity";
    public const string SigningCredentialTrusted = "signingCredential.trusted";
    public const string SigningCredentialUntrusted = "signingCredential.untrusted";
    public const string SigningCredentialInvalid = "signingCredential.invalid";
    public const string SigningCredentialExpired = "signingCredential.expired";
    public const string SigningCredentialOcspSkipped = "signingCredential.ocsp.skipped";
    public const string TimeStampValidated = "timeStamp.validated";
    public const string TimeStampTrusted = "timeStamp.trusted";
    public const string TimeStampUntrusted = "timeStamp.untrusted";
    public const string TimeStampMismatch = "timeStamp.mismatch";
    public const string TimeStampMalformed = "timeStamp.malformed";
    public const string TimeStampOutsideValidity = "timeStamp.outsideValidity";
    public const string AssertionHashedUriMatch = "assertion.hashedURI.match";
    public const string AssertionHashedUriMismatch = "assertion.hashedURI.mismatch";
    public const string AssertionMissing = "assertion.missing";
    public const string AssertionCborInvalid = "assertion.cbor.invalid";
    public const string AssertionJsonInvalid = "assertion.json.invalid";
    public const string AssertionDataHashMatch = "assertion.dataHash.match";
    public const string AssertionDataHashMismatch = "assertion.dataHash.mismatch";
    public const string AssertionDataHashMalformed = "assertion.dataHash.malformed";
    public const string AssertionBmffHashMatch = "assertion.bmffHash.match";
    public const string AssertionBmffHashMismatch = "assertion.bmffHash.mismatch";
    public const string AssertionBmffHashMalformed = "assertion.bmffHash.malformed";
    public const string AssertionBmffHashAdditionalExclusions = "assertion.bmffHash.additionalExclusionsPresent";
    public const string AssertionBoxesHashMatch = "assertion.boxesHash.match";
    public const string AssertionBoxesHashMismatch = "assertion.boxesHash.mismatch";
    public const string AssertionBoxesHashUnknownBox = "assertion.boxesHash.unknownBox";
    public const string ClaimMissing = "claim.missing";
    public const string ClaimMalformed = "claim.malformed";
    public const string ClaimHardBindingsMissing = "claim.hardBindings.missing";
    public const string ManifestInaccessible = "manifest.inaccessible";
    public const string AlgorithmUnsupported = "algorithm.unsupported";
    public const string IngredientManifestValidated = "ingredient.manifest.validated";
    public const string IngredientManifestMissing = "ingredient.manifest.missing";
    public const string IngredientManifestMismatch = "ingredient.manifest.mismatch";
    public const string IngredientUnknownProvenance = "ingredient.unknownProvenance";
    public const string CawgIdentityWellFormed = "cawg.identity.well-formed";
    public const string CawgX509SignatureValidated = "cawg.x509.signature.validated";
    public const string CawgX509SignatureMismatch = "cawg.x509.signature.mismatch";
    public const string CawgX509CredentialTrusted = "cawg.x509.credential.trusted";
    public const string CawgX509CredentialUntrusted = "cawg.x509.credential.untrusted";
    public const string GeneralError = "general.error";

    /// <summary>Failures that concern trust only: they do not make a manifest invalid (c2pa-rs keeps it "valid").</summary>
    public static bool IsTrustOnly(string code) =>
        code is SigningCredentialUntrusted or CawgX509CredentialUntrusted or TimeStampUntrusted;
}
