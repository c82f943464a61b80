namespace FakeLens.Watermark.Audio;

/// <summary>
/// The keyed time–frequency layout of the FakeLens audio mark at the 16 kHz working rate: STFT frames of 512
/// samples (32 ms) every 256; a 2 s segment is 125 frames; a tile is 2 frames × 4 bins (64 ms × 125 Hz); 62 tile
/// rows × <see cref="Groups"/> bands from 500 Hz to 4 kHz. Every tile carries a key-derived chip (±1) and belongs to
/// one of the 128 coded bits (key-derived interleaving, so each bit is spread over the whole segment and band).
/// </summary>
internal sealed class AudioMarkLayout
{
    public const int Rate = 16_000;
    public const int FrameSize = 512;
    public const int Hop = 256;
    public const int SegmentFrames = 125;
    public const int SegmentSamples = SegmentFrames * Hop;
    public const int TileFrames = 2;
    public const int Rows = 62;
    public const int FirstBin = 16;
    public const int BinsPerGroup = 4;
    public const int Groups = 28;
    public const int Tiles = Rows * Groups;
    public const int CodedBits = 128;

    public AudioMarkLayout(WatermarkKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var state = key.Seed("fakelens-audio/layout-v1");
        Chips = new sbyte[Tiles];
        BitOf = new int[Tiles];
        var order = new int[Tiles];
        for (var i = 0; i < Tiles; i++)
        {
            Chips[i] = (Next(ref state) & 1) == 1 ? (sbyte)1 : (sbyte)-1;
            order[i] = i;
        }

        for (var i = Tiles - 1; i > 0; i--)
        {
            var j = (int)(Next(ref state) % (ulong)(i + 1));
            (order[i], order[j]) = (order[j], order[i]);
        }

        for (var i = 0; i < Tiles; i++)
        {
            BitOf[order[i]] = i % CodedBits;
        }
    }

    /// <summary>Chip (±1) of tile <c>row × Groups + group</c>.</summary>
    public sbyte[] Chips { get; }

    /// <summary>Coded bit carried by each tile.</summary>
    public int[] BitOf { get; }

    /// <summary>SplitMix64 step: a small, portable, well-mixed generator so patterns never depend on the runtime.</summary>
    public static ulong Next(ref ulong state)
    {
        state += 0x9E3779B97F4A7C15UL;
        var z = state;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
