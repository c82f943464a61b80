namespace FakeLens.Imaging.Jpeg;

/// <summary>What kind of software or device writes a given set of quantisation tables.</summary>
public enum EncoderFamily
{
    /// <summary>Image-editing software (Adobe Photoshop): the file was re-saved after editing.</summary>
    Editor,

    /// <summary>A camera or phone writing its own tables.</summary>
    Camera,

    /// <summary>A general-purpose encoding library (other than IJG libjpeg, which <see cref="JpegQuality"/> recognises).</summary>
    Library,
}
