namespace FakeLens.Provenance.C2pa.Signing;

/// <summary>IPTC NewsCodes digital source types (https://cv.iptc.org/newscodes/digitalsourcetype/) that C2PA actions use.</summary>
public static class DigitalSourceTypes
{
    /// <summary>URI prefix of the IPTC vocabulary, as C2PA writes it (http, not https).</summary>
    public const string UriPrefix = "http://cv.iptc.org/newscodes/digitalsourcetype/";

    /// <summary>The short names of the current vocabulary.</summary>
    public static IReadOnlyList<string> Known { get; } =
    [
        "digitalCapture", "computationalCapture", "negativeFilm", "positiveFilm", "print", "humanEdits",
        "compositeCapture", "algorithmicallyEnhanced", "dataDrivenMedia", "digitalArt", "virtualRecording",
        "compositeSynthetic", "trainedAlgorithmicMedia", "compositeWithTrainedAlgorithmicMedia", "algorithmicMedia",
        "screenCapture", "digitalCreation", "minorHumanEdits",
    ];

    /// <summary>The IPTC URI for a short name or a URI; null when the value is neither a known name nor an IPTC URI.</summary>
    public static string? ToUri(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var name = value.StartsWith(UriPrefix, StringComparison.Ordinal) ? value[UriPrefix.Length..] : value;
        foreach (var k in Known)
        {
            if (string.Equals(k, name, StringComparison.OrdinalIgnoreCase))
            {
                return UriPrefix + k;
            }
        }

        return null;
    }
}
