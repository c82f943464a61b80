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

    /// <summary>Mean and standard deviation per channel of ResNet-18 stages 1–3 on the same 224 px crop, from the same forward pass (issue 13 round 7).</summary>
    ResNetLayers = 64,

    /// <summary>
    /// Pooled ImageNet ResNet-18 activations of the patch's NPR residual x − up₂(down₂(x)) per RGB channel, at a fixed gain
    /// around mid-grey, through the same network (issue 13 round 13: pointing a pretrained network at the up-sampling trace,
    /// after Tan et al. 2024). A second forward pass; in no default set.
    /// </summary>
    ResNetNpr = 128,

    /// <summary>The hand-made families (v1's feature set).</summary>
    Handmade = Spectral | Npr | Spam | Colour | Noise,

    /// <summary>The feature set of default-image v2–v7 (without <see cref="ResNetLayers"/>).</summary>
    All = Handmade | ResNet,
}
