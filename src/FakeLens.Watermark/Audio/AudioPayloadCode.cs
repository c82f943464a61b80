namespace FakeLens.Watermark.Audio;

/// <summary>
/// A binary linear block code of 16 information bits into <see cref="Length"/> coded bits (rate 1/4 or 1/8) with
/// a fixed pseudo-random generator matrix, decoded by exhaustive maximum-likelihood search over all 65 536
/// codewords on soft values (Gray-code order, one row update per step). Random linear codes of these rates have
/// minimum distances near the Gilbert–Varshamov bound; exhaustive soft decoding is the best a decoder can do.
/// </summary>
internal sealed class AudioPayloadCode
{
    public const int InfoBits = 16;

    private readonly int[][] _support;

    public AudioPayloadCode(int length, ulong seed)
    {
        Length = length;
        _support = new int[InfoBits][];
        var state = seed;
        for (var i = 0; i < InfoBits; i++)
        {
            var row = new List<int>(length);
            for (var j = 0; j < length; j++)
            {
                if ((AudioMarkLayout.Next(ref state) & 1) == 1)
                {
                    row.Add(j);
                }
            }

            _support[i] = [.. row];
        }
    }

    public int Length { get; }

    /// <summary>Coded bits for a 16-bit value (bit 15 of <paramref name="info"/> is the first payload bit).</summary>
    public bool[] Encode(int info)
    {
        var coded = new bool[Length];
        for (var i = 0; i < InfoBits; i++)
        {
            if (((info >> (InfoBits - 1 - i)) & 1) == 1)
            {
                foreach (var j in _support[i])
                {
                    coded[j] = !coded[j];
                }
            }
        }

        return coded;
    }

    /// <summary>
    /// The codeword maximising Σ sign(c_j)·y_j (sign +1 for a 0 bit, −1 for a 1 bit) and that correlation.
    /// </summary>
    public (int Info, double Correlation) Decode(ReadOnlySpan<double> soft)
    {
        if (soft.Length != Length)
        {
            throw new ArgumentException($"expected {Length} soft values", nameof(soft));
        }

        Span<double> sign = stackalloc double[Length];
        double corr = 0;
        for (var j = 0; j < Length; j++)
        {
            sign[j] = 1;
            corr += soft[j];
        }

        var best = corr;
        var bestInfo = 0;
        var info = 0;
        for (var k = 1; k < 1 << InfoBits; k++)
        {
            var bit = System.Numerics.BitOperations.TrailingZeroCount(k);
            info ^= 1 << (InfoBits - 1 - bit);
            foreach (var j in _support[bit])
            {
                corr -= 2 * sign[j] * soft[j];
                sign[j] = -sign[j];
            }

            if (corr > best)
            {
                best = corr;
                bestInfo = info;
            }
        }

        return (bestInfo, best);
    }
}
