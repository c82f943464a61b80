namespace FakeLens.Provenance.C2pa;

/// <summary>The three result lists of the C2PA specification (§15.2): success, informational, failure.</summary>
public enum C2paStatusKind
{
    Success,
    Informational,
    Failure,
}
