using System.Collections.Immutable;

namespace FakeLens.Imaging.Jpeg;

/// <summary>One known pair of quantisation tables and who writes it.</summary>
/// <param name="Encoder">Software or device family, e.g. "Adobe Photoshop" or "Canon EOS digital SLR".</param>
/// <param name="Family">Editor, camera or library.</param>
/// <param name="Quality">The quality setting that produces the tables, as the source names it.</param>
/// <param name="Models">Models known to write the identical pair (empty for software).</param>
/// <param name="Source">Where the values were copied from (repository and file).</param>
/// <param name="Luma">64 luminance step sizes in natural (row-major) order.</param>
/// <param name="Chroma">64 chrominance step sizes in natural (row-major) order.</param>
public sealed record KnownEncoderTable(
    string Encoder,
    EncoderFamily Family,
    string Quality,
    string Models,
    string Source,
    ImmutableArray<ushort> Luma,
    ImmutableArray<ushort> Chroma);
