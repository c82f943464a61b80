namespace FakeLens.Imaging.Features;

/// <summary>The feature families of <see cref="ImagePatchFeatures"/>; each can be used alone so its value can be measured.</summary>
[Flags]
public enum ImageFeatureFamilies
{
    None = 0,

    /// <summary>Azimuthal log-power profile of a high-pass residual and periodic peaks at 1/2, 1/4, 1/8 (Durall 2020; Frank 2020).</summary>
    Spectral = 1,

    /// <summary>Neighbouring-pixel-relationship residual statistics (Tan et al. 2024).</summary>
    Npr = 2,

    /// <summary>Second-order SPAM co-occurrences of truncated pixel differences (Pevný et al. 2010; Fridrich &amp; Kodovský 2012).</summary>
    Spam = 4,

    /// <summary>Saturation, chroma and clipped-pixel statistics (McCloskey &amp; Albright 2019).</summary>
    Colour = 8,

    /// <summary>Consistency of the noise level across the patch.</summary>
    Noise = 16,

    /// <summary>Pooled ImageNet ResNet-18 activations of the patch's native-resolution 224 px centre crop (He et al. 2016).</summary>
    ResNet = 32,

    /// <summary>The hand-made families (v1's feature set).</summary>
    Handmade = Spectral | Npr | Spam | Colour | Noise,

    All = Handmade | ResNet,
}
