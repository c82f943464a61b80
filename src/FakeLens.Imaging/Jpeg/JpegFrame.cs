namespace FakeLens.Imaging.Jpeg;

/// <summary>The frame header (SOFn): coding process, size and components.</summary>
/// <param name="Marker">The SOF marker code (0xC0 baseline, 0xC1 extended, 0xC2 progressive, ...).</param>
/// <param name="Precision">Sample precision in bits (8 for nearly every photo).</param>
public sealed record JpegFrame(byte Marker, int Precision, int Width, int Height, IReadOnlyList<JpegComponent> Components)
{
    /// <summary>Sequential Huffman coding (SOF0 or SOF1).</summary>
    public bool IsSequentialHuffman => Marker is 0xC0 or 0xC1;

    /// <summary>Huffman-coded DCT (baseline, extended sequential or progressive): the processes whose coefficients FakeLens reads.</summary>
    public bool IsHuffmanDct => Marker is 0xC0 or 0xC1 or 0xC2;

    public bool IsProgressive => Marker is 0xC2 or 0xC6 or 0xCA or 0xCE;

    public bool IsArithmetic => Marker >= 0xC9;

    public bool IsLossless => Marker is 0xC3 or 0xC7 or 0xCB or 0xCF;

    public int MaxH => Components.Count == 0 ? 1 : Components.Max(c => c.H);

    public int MaxV => Components.Count == 0 ? 1 : Components.Max(c => c.V);

    /// <summary>Chroma subsampling in the usual notation ("4:2:0", "4:4:4", "grey"), or the raw factors when unusual.</summary>
    public string Subsampling
    {
        get
        {
            if (Components.Count == 1)
            {
                return "grey";
            }

            if (Components.Count != 3 || Components[1].H != 1 || Components[1].V != 1 || Components[2].H != 1 || Components[2].V != 1)
            {
                return string.Join(' ', Components.Select(c => $"{c.H}x{c.V}"));
            }

            return (Components[0].H, Components[0].V) switch
            {
                (1, 1) => "4:4:4",
                (2, 1) => "4:2:2",
                (2, 2) => "4:2:0",
                (1, 2) => "4:4:0",
                (4, 1) => "4:1:1",
                _ => $"{Components[0].H}x{Components[0].V} 1x1 1x1",
            };
        }
    }

    public string Process => Marker switch
    {
        0xC0 => "baseline",
        0xC1 => "extended sequential",
        0xC2 => "progressive",
        0xC3 => "lossless",
        _ when IsArithmetic => "arithmetic-coded",
        _ => "hierarchical",
    };
}
