namespace FakeLens.Provenance.C2pa.Internal;

/// <summary>Malformed or hostile C2PA data (JUMBF, CBOR, container); caught inside the reader and turned into a status.</summary>
internal sealed class C2paFormatException : Exception
{
    public C2paFormatException()
    {
    }

    public C2paFormatException(string message)
        : base(message)
    {
    }

    public C2paFormatException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
