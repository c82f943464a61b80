namespace FakeLens.Provenance.C2pa;

/// <summary>
/// One assertion box of a manifest: its label (<c>c2pa.actions.v2</c>, <c>c2pa.hash.data</c> …), the content box
/// type (cbor, json, bidb for embedded files such as thumbnails), the decoded content as plain objects
/// (maps with text keys, lists, byte arrays, strings, numbers) and the bytes its hashed URI covers.
/// </summary>
public sealed record C2paAssertion
{
    public required string Label { get; init; }

    public required string ContentType { get; init; }

    /// <summary>Decoded content (CBOR or JSON) as plain objects; null for binary content or when malformed.</summary>
    public object? Data { get; init; }

    /// <summary>Why the content could not be decoded, when it could not.</summary>
    public string? DecodeError { get; init; }

    /// <summary>The superbox contents (description box and content boxes) that a hashed URI to it covers.</summary>
    public ReadOnlyMemory<byte> HashedBytes { get; init; }

    /// <summary>Binary content (thumbnail image bytes) for embedded-file assertions.</summary>
    public ReadOnlyMemory<byte> Binary { get; init; }

    /// <summary>Label without the version suffix (<c>c2pa.actions.v2</c> → <c>c2pa.actions</c>) and instance (<c>__1</c>).</summary>
    public string BaseLabel
    {
        get
        {
            var label = Label;
            var instance = label.IndexOf("__", StringComparison.Ordinal);
            if (instance > 0)
            {
                label = label[..instance];
            }

            var v = label.LastIndexOf(".v", StringComparison.Ordinal);
            return v > 0 && label.Length > v + 2 && label[(v + 2)..].All(char.IsAsciiDigit) ? label[..v] : label;
        }
    }
}
