namespace FakeLens.Watermark.StableDiffusion;

/// <summary>How well the bits decoded with one payload's length match that payload.</summary>
/// <param name="Payload">The payload compared.</param>
/// <param name="Bits">Decoded bits (library rule: mean vote × 255 &gt; 127).</param>
/// <param name="Matches">Bits equal to the payload.</param>
/// <param name="PValue">P(≥ Matches of Bits.Count by chance), binomial with p = ½.</param>
/// <param name="InvertedPValue">P(≥ mismatches by chance): small when the exact complement was read, which the SDXL
/// float-path quirk produces on some images (ALGORITHM.md §10).</param>
/// <param name="RedBlueSwapped">Read from RGB-ordered pixels (diffusers before February 2024 wrote marks that way).</param>
internal sealed record SdPayloadMatch(KnownSdPayload Payload, bool[] Bits, int Matches, double PValue, double InvertedPValue, bool RedBlueSwapped)
{
    public int Length => Bits.Length;

    /// <summary>Name for facts and messages: the model, plus the channel order when swapped.</summary>
    public string Label => RedBlueSwapped ? Payload.Model + " (red/blue swapped)" : Payload.Model;
}
