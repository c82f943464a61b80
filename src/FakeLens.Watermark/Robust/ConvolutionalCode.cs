namespace FakeLens.Watermark.Robust;

/// <summary>
/// The rate-½, constraint-length-7 convolutional code of the NASA/CCSDS standard (generators 171 and 133 octal),
/// terminated with six zero bits, decoded by soft-decision Viterbi. Chosen because its free distance (10) corrects
/// bursts of chip errors that spread spectrum leaves after heavy compression, and soft decoding uses the
/// correlation strength of every coded bit rather than a hard vote.
/// </summary>
internal static class ConvolutionalCode
{
    private const int Memory = 6;
    private const int States = 1 << Memory;
    private const int G1 = 0x79; // 171 octal
    private const int G2 = 0x5B; // 133 octal

    public static int CodedLength(int messageBits) => 2 * (messageBits + Memory);

    public static bool[] Encode(ReadOnlySpan<bool> message)
    {
        var coded = new bool[CodedLength(message.Length)];
        var reg = 0;
        for (var i = 0; i < message.Length + Memory; i++)
        {
            var bit = i < message.Length && message[i] ? 1 : 0;
            reg = ((reg << 1) | bit) & 0x7F;
            coded[2 * i] = Parity(reg & G1);
            coded[(2 * i) + 1] = Parity(reg & G2);
        }

        return coded;
    }

    /// <summary>Maximum-likelihood message for soft values (positive = bit 1, magnitude = confidence).</summary>
    public static bool[] Decode(ReadOnlySpan<double> soft, int messageBits)
    {
        var steps = messageBits + Memory;
        if (soft.Length != 2 * steps)
        {
            throw new ArgumentException($"expected {2 * steps} soft values", nameof(soft));
        }

        var metric = new double[States];
        var next = new double[States];
        Array.Fill(metric, double.NegativeInfinity);
        metric[0] = 0;
        var from = new byte[steps * States];
        for (var t = 0; t < steps; t++)
        {
            Array.Fill(next, double.NegativeInfinity);
            var s1 = soft[2 * t];
            var s2 = soft[(2 * t) + 1];
            var maxInput = t < messageBits ? 1 : 0;
            for (var s = 0; s < States; s++)
            {
                if (double.IsNegativeInfinity(metric[s]))
                {
                    continue;
                }

                for (var bit = 0; bit <= maxInput; bit++)
                {
                    var reg = (s << 1) | bit;
                    var m = metric[s] + (Parity(reg & G1) ? s1 : -s1) + (Parity(reg & G2) ? s2 : -s2);
                    var ns = reg & (States - 1);
                    if (m > next[ns])
                    {
                        next[ns] = m;
                        from[(t * States) + ns] = (byte)s;
                    }
                }
            }

            (metric, next) = (next, metric);
        }

        var bits = new bool[messageBits];
        var state = 0;
        for (var t = steps - 1; t >= 0; t--)
        {
            if (t < messageBits)
            {
                bits[t] = (state & 1) == 1;
            }

            state = from[(t * States) + state];
        }

        return bits;
    }

    private static bool Parity(int v) => (System.Numerics.BitOperations.PopCount((uint)v) & 1) == 1;
}
