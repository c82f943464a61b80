using System.Security.Cryptography;

namespace FakeLens.Watermark.Robust;

/// <summary>
/// The keyed layout of one tile of the FakeLens image mark: 32 × 32 chips, of which 256 carry a fixed pseudo-random
/// synchronisation sign and 768 carry the 140 convolutionally coded bits (each bit on 5–6 chips with keyed signs).
/// Everything is derived from the key, so another key sees an unrelated pattern.
/// </summary>
internal sealed class RobustLayout
{
    public const int ChipsPerSide = 32;
    public const int Chips = ChipsPerSide * ChipsPerSide;
    public const int SyncChips = 256;
    public const int PayloadBits = 32;
    public const int TagBits = 32;
    public const int MessageBits = PayloadBits + TagBits;

    private RobustLayout(float[] syncSign, int[] chipBit, float[] chipSign, byte[] keyBytes)
    {
        SyncSign = syncSign;
        ChipBit = chipBit;
        ChipSign = chipSign;
        _keyBytes = keyBytes;
    }

    private readonly byte[] _keyBytes;

    public static int CodedBits => ConvolutionalCode.CodedLength(MessageBits);

    /// <summary>±1 on synchronisation chips, 0 on message chips.</summary>
    public float[] SyncSign { get; }

    /// <summary>Coded-bit index of each chip, −1 on synchronisation chips.</summary>
    public int[] ChipBit { get; }

    /// <summary>±1 spreading sign of each message chip (0 on synchronisation chips).</summary>
    public float[] ChipSign { get; }

    public static RobustLayout For(WatermarkKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var rng = new SplitMix64(key.Seed("fakelens-image/layout-v1"));
        var order = new int[Chips];
        for (var i = 0; i < Chips; i++)
        {
            order[i] = i;
        }

        for (var i = Chips - 1; i > 0; i--)
        {
            var j = rng.NextInt(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }

        var syncSign = new float[Chips];
        var chipBit = new int[Chips];
        var chipSign = new float[Chips];
        for (var n = 0; n < Chips; n++)
        {
            var chip = order[n];
            if (n < SyncChips)
            {
                syncSign[chip] = rng.NextSign();
                chipBit[chip] = -1;
            }
            else
            {
                chipBit[chip] = (n - SyncChips) % CodedBits;
                chipSign[chip] = rng.NextSign();
            }
        }

        return new RobustLayout(syncSign, chipBit, chipSign, key.Bytes.ToArray());
    }

    /// <summary>The 64 message bits: the 32-bit payload followed by a 32-bit keyed tag (HMAC-SHA-256 of the payload).</summary>
    public bool[] Message(ReadOnlySpan<bool> payload)
    {
        var message = new bool[MessageBits];
        payload.CopyTo(message);
        Tag(payload).CopyTo(message.AsSpan(PayloadBits));
        return message;
    }

    public bool TagMatches(ReadOnlySpan<bool> message)
    {
        var tag = Tag(message[..PayloadBits]);
        return tag.AsSpan().SequenceEqual(message[PayloadBits..MessageBits]);
    }

    /// <summary>Chip values (±1) of a tile carrying <paramref name="payload"/>.</summary>
    public float[] ChipValues(ReadOnlySpan<bool> payload)
    {
        var coded = ConvolutionalCode.Encode(Message(payload));
        var chips = new float[Chips];
        for (var k = 0; k < Chips; k++)
        {
            chips[k] = ChipBit[k] < 0 ? SyncSign[k] : ChipSign[k] * (coded[ChipBit[k]] ? 1 : -1);
        }

        return chips;
    }

    private bool[] Tag(ReadOnlySpan<bool> payload)
    {
        var bytes = new byte[(PayloadBits / 8) + 1];
        bytes[0] = 0x46; // domain separation: 'F'
        for (var i = 0; i < PayloadBits; i++)
        {
            if (payload[i])
            {
                bytes[1 + (i / 8)] |= (byte)(0x80 >> (i % 8));
            }
        }

        var mac = HMACSHA256.HashData(_keyBytes, bytes);
        var tag = new bool[TagBits];
        for (var i = 0; i < TagBits; i++)
        {
            tag[i] = ((mac[i / 8] >> (7 - (i % 8))) & 1) == 1;
        }

        return tag;
    }
}
