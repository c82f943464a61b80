namespace FakeLens.Provenance.Metadata;

/// <summary>What a program named in metadata is, as far as FakeLens knows.</summary>
public enum SoftwareKind
{
    /// <summary>Not in the catalogue: camera or phone firmware, a converter, an unknown tool.</summary>
    Other,

    /// <summary>A raw developer (Lightroom, Capture One, darktable): used on most professional photos.</summary>
    RawDeveloper,

    /// <summary>A pixel editor or retouching app (Photoshop, GIMP, Facetune, Picsart).</summary>
    Editor,

    /// <summary>An AI image generator (Firefly, DALL·E, Midjourney, Stable Diffusion).</summary>
    AiGenerator,
}
