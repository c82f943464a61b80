namespace FakeLens.Provenance.C2pa.Signing;

/// <summary>How a file format carries a JUMBF manifest store.</summary>
internal interface IManifestContainer
{
    /// <summary>Media type written nowhere but used in messages (<c>image/jpeg</c>).</summary>
    string MediaType { get; }

    /// <summary>Removes existing C2PA stores and finds where the new one goes; throws MediaException on a malformed file.</summary>
    PreparedAsset Prepare(byte[] input);

    /// <summary>Bytes the store occupies once wrapped in the format's segments or chunks (the data-hash exclusion length).</summary>
    int EmbeddedLength(int storeLength);

    /// <summary>Label of the hard-binding assertion this format uses.</summary>
    string HardBindingLabel { get; }

    /// <summary>The hard-binding assertion's CBOR for an embedded manifest at [start, start + length) and this hash.</summary>
    byte[] HardBinding(long start, long length, byte[] hash);

    /// <summary>The hard-binding hash of a laid-out file whose manifest sits at [start, start + length).</summary>
    byte[] Hash(byte[] file, long start, long length);

    /// <summary>The final file: the prepared bytes with the wrapped store inserted at <see cref="PreparedAsset.InsertOffset"/>.</summary>
    byte[] Embed(PreparedAsset asset, byte[] store);
}
