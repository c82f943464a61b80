using System.Text.RegularExpressions;
using System.Xml;

namespace FakeLens.Provenance.Labels;

/// <summary>
/// Pulls the label fields out of one XMP packet: <c>Iptc4xmpExt:DigitalSourceType</c> (IPTC Photo Metadata Standard
/// 2023.1, namespace http://iptc.org/std/Iptc4xmpExt/2008-02-29/, written as an attribute, an element or an
/// rdf:resource) and <c>dc:description</c> (where Midjourney writes the prompt and "Job ID"). Parsed with a
/// non-resolving XmlReader (no DTDs, no external entities, capped size); when the packet is not well-formed XML the
/// source type is still looked for as text, since damaged packets are common.
/// </summary>
internal static partial class XmpLabels
{
    private const string IptcExt = "http://iptc.org/std/Iptc4xmpExt/2008-02-29/";
    private const string Dc = "http://purl.org/dc/elements/1.1/";
    private const string Rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";

    public static (List<string> SourceTypes, List<string> Descriptions) Read(string packet)
    {
        var types = new List<string>();
        var descriptions = new List<string>();
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Ignore,
            XmlResolver = null,
            MaxCharactersInDocument = 16 * 1024 * 1024,
            MaxCharactersFromEntities = 1024,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
            CheckCharacters = false,
        };
        try
        {
            using var text = new StringReader(StripToXml(packet));
            using var reader = XmlReader.Create(text, settings);
            var inDescription = 0;
            var descriptionDepth = -1;
            for (var n = 0; n < 1_000_000 && reader.Read(); n++)
            {
                if (reader.NodeType == XmlNodeType.Element)
                {
                    if (reader.HasAttributes)
                    {
                        var attr = reader.GetAttribute("DigitalSourceType", IptcExt);
                        if (!string.IsNullOrWhiteSpace(attr))
                        {
                            types.Add(attr.Trim());
                        }
                    }

                    if (reader.LocalName == "DigitalSourceType" && reader.NamespaceURI == IptcExt)
                    {
                        var resource = reader.GetAttribute("resource", Rdf);
                        if (!string.IsNullOrWhiteSpace(resource))
                        {
                            types.Add(resource.Trim());
                        }
                        else if (!reader.IsEmptyElement)
                        {
                            var value = reader.ReadElementContentAsString().Trim();
                            if (value.Length > 0)
                            {
                                types.Add(value);
                            }
                        }
                    }
                    else if (reader.LocalName == "description" && reader.NamespaceURI == Dc && !reader.IsEmptyElement)
                    {
                        inDescription++;
                        descriptionDepth = reader.Depth;
                    }
                }
                else if (reader.NodeType is XmlNodeType.Text or XmlNodeType.CDATA && inDescription > 0)
                {
                    var value = reader.Value.Trim();
                    if (value.Length > 0)
                    {
                        descriptions.Add(value);
                    }
                }
                else if (reader.NodeType == XmlNodeType.EndElement && inDescription > 0 && reader.Depth == descriptionDepth)
                {
                    inDescription--;
                }
            }
        }
        catch (XmlException)
        {
            if (types.Count == 0)
            {
                try
                {
                    foreach (Match m in LooseSourceType().Matches(packet))
                    {
                        types.Add(m.Groups["v"].Value.Trim());
                    }
                }
                catch (RegexMatchTimeoutException)
                {
                    // A pathological packet: no source type.
                }
            }
        }

        return (types, descriptions);
    }

    /// <summary>Drops anything before the first '&lt;' (BOMs, NULs, junk) so the reader starts on markup.</summary>
    private static string StripToXml(string packet)
    {
        var start = packet.IndexOf('<', StringComparison.Ordinal);
        return start <= 0 ? packet : packet[start..];
    }

    [GeneratedRegex("DigitalSourceType\\s*(?:=\\s*\"|>\\s*|[^>]*rdf:resource\\s*=\\s*\")(?<v>[^\"<]{1,200})", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex LooseSourceType();
}
