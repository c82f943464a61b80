namespace FakeLens.Provenance.C2pa;

/// <summary>Overall outcome of C2PA validation (C2PA 2.1 §15.3, as c2pa-rs reports it).</summary>
public enum C2paValidationState
{
    /// <summary>No C2PA manifest store in the file.</summary>
    NoManifest,

    /// <summary>The container could not be parsed (c2pa-rs <c>InvalidAsset</c>); nothing could be checked.</summary>
    Unreadable,

    /// <summary>A manifest is present but a check failed (hash mismatch, bad signature, missing or unreadable parts).</summary>
    Invalid,

    /// <summary>Every integrity and signature check passed; the signer is not on a trust list FakeLens was given.</summary>
    Valid,

    /// <summary>Valid, and the signing certificate chains to a configured trust anchor.</summary>
    Trusted,
}
