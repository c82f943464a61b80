namespace FakeLens.Provenance.Metadata;

/// <summary>
/// The one list of program names the metadata detector recognises. Matching is on whole words after
/// lower-casing and turning punctuation into spaces ("DALL·E 3" → " dall e 3 "), so "Imagenomic" is not
/// "Imagen" and "Paint.NET" is "paint net". The generator list is deliberately short: a dedicated
/// generator-signature detector owns the full list.
/// </summary>
public static class SoftwareCatalog
{
    private static readonly (string Token, SoftwareKind Kind, string Product)[] Entries =
    [
        // AI generators first: "Adobe Firefly" must not be read as an Adobe editor.
        ("adobe firefly", SoftwareKind.AiGenerator, "Adobe Firefly"),
        ("dall e", SoftwareKind.AiGenerator, "DALL·E"),
        ("dalle", SoftwareKind.AiGenerator, "DALL·E"),
        ("midjourney", SoftwareKind.AiGenerator, "Midjourney"),
        ("stable diffusion", SoftwareKind.AiGenerator, "Stable Diffusion"),
        ("stablediffusion", SoftwareKind.AiGenerator, "Stable Diffusion"),
        ("novelai", SoftwareKind.AiGenerator, "NovelAI"),
        ("novel ai", SoftwareKind.AiGenerator, "NovelAI"),
        ("comfyui", SoftwareKind.AiGenerator, "ComfyUI"),
        ("imagen", SoftwareKind.AiGenerator, "Google Imagen"),
        ("bing image creator", SoftwareKind.AiGenerator, "Bing Image Creator"),
        ("fooocus", SoftwareKind.AiGenerator, "Fooocus"),
        ("invokeai", SoftwareKind.AiGenerator, "InvokeAI"),
        ("swarmui", SoftwareKind.AiGenerator, "SwarmUI"),
        ("stableswarmui", SoftwareKind.AiGenerator, "SwarmUI"),
        ("automatic1111", SoftwareKind.AiGenerator, "AUTOMATIC1111 Stable Diffusion web UI"),
        ("draw things", SoftwareKind.AiGenerator, "Draw Things"),
        ("easy diffusion", SoftwareKind.AiGenerator, "Easy Diffusion"),
        ("dreamstudio", SoftwareKind.AiGenerator, "DreamStudio"),
        ("leonardo ai", SoftwareKind.AiGenerator, "Leonardo.Ai"),
        ("ideogram", SoftwareKind.AiGenerator, "Ideogram"),

        // Raw developers before editors: "Adobe Photoshop Lightroom" is Lightroom.
        ("lightroom", SoftwareKind.RawDeveloper, "Adobe Lightroom"),
        ("camera raw", SoftwareKind.RawDeveloper, "Adobe Camera Raw"),
        ("capture one", SoftwareKind.RawDeveloper, "Capture One"),
        ("darktable", SoftwareKind.RawDeveloper, "darktable"),
        ("rawtherapee", SoftwareKind.RawDeveloper, "RawTherapee"),
        ("dxo photolab", SoftwareKind.RawDeveloper, "DxO PhotoLab"),

        ("photoshop", SoftwareKind.Editor, "Adobe Photoshop"),
        ("gimp", SoftwareKind.Editor, "GIMP"),
        ("affinity", SoftwareKind.Editor, "Affinity Photo"),
        ("snapseed", SoftwareKind.Editor, "Snapseed"),
        ("pixelmator", SoftwareKind.Editor, "Pixelmator"),
        ("canva", SoftwareKind.Editor, "Canva"),
        ("picsart", SoftwareKind.Editor, "Picsart"),
        ("facetune", SoftwareKind.Editor, "Facetune"),
        ("facetune2", SoftwareKind.Editor, "Facetune"),
        ("photopea", SoftwareKind.Editor, "Photopea"),
        ("paint net", SoftwareKind.Editor, "Paint.NET"),
        ("luminar", SoftwareKind.Editor, "Luminar"),
        ("meitu", SoftwareKind.Editor, "Meitu"),
        ("fotor", SoftwareKind.Editor, "Fotor"),
        ("paintshop", SoftwareKind.Editor, "Corel PaintShop Pro"),
        ("photodirector", SoftwareKind.Editor, "PhotoDirector"),
        ("polarr", SoftwareKind.Editor, "Polarr"),
    ];

    /// <summary>Recognises one mention; <see cref="SoftwareKind.Other"/> with no product when it is not in the catalogue.</summary>
    public static SoftwareMatch Classify(SoftwareMention mention)
    {
        ArgumentNullException.ThrowIfNull(mention);
        var normalised = Normalise(mention.Value);
        foreach (var (token, kind, product) in Entries)
        {
            if (normalised.Contains(" " + token + " ", StringComparison.Ordinal))
            {
                return new SoftwareMatch(mention, kind, product);
            }
        }

        return new SoftwareMatch(mention, SoftwareKind.Other, null);
    }

    /// <summary>Lower case, every run of non-letters/digits as one space, padded with spaces at both ends.</summary>
    internal static string Normalise(string text)
    {
        var buffer = new char[text.Length + 2];
        var n = 0;
        buffer[n++] = ' ';
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c))
            {
                buffer[n++] = char.ToLowerInvariant(c);
            }
            else if (buffer[n - 1] != ' ')
            {
                buffer[n++] = ' ';
            }
        }

        if (buffer[n - 1] != ' ')
        {
            buffer[n++] = ' ';
        }

        return new string(buffer, 0, n);
    }
}
