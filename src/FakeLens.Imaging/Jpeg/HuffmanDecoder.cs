namespace FakeLens.Imaging.Jpeg;

/// <summary>Canonical Huffman code of one DHT table (T.81 Annex C), decoded by code length.</summary>
internal sealed class HuffmanDecoder
{
    private readonly int[] _maxCode = new int[17];
    private readonly int[] _minCode = new int[17];
    private readonly int[] _valPtr = new int[17];
    private readonly byte[] _symbols;

    private HuffmanDecoder(byte[] symbols) => _symbols = symbols;

    /// <summary>Builds the decoder, or returns null when the table is not a valid prefix code.</summary>
    public static HuffmanDecoder? Create(HuffmanTable? table)
    {
        if (table is null)
        {
            return null;
        }

        var d = new HuffmanDecoder(table.Symbols);
        var code = 0;
        var k = 0;
        for (var len = 1; len <= 16; len++)
        {
            int n = table.Counts[len - 1];
            d._valPtr[len] = k;
            d._minCode[len] = code;
            code += n;
            k += n;
            d._maxCode[len] = n > 0 ? code - 1 : -1;
            if (code > (1 << len))
            {
                return null;
            }

            code <<= 1;
        }

        return k == table.Symbols.Length ? d : null;
    }

    /// <summary>Decodes one symbol from the 16 bits <paramref name="peek16"/> (MSB first); returns (symbol, length) or (-1, 0).</summary>
    public (int Symbol, int Length) Decode(int peek16)
    {
        for (var len = 1; len <= 16; len++)
        {
            var code = peek16 >> (16 - len);
            if (code <= _maxCode[len])
            {
                var index = _valPtr[len] + code - _minCode[len];
                return index >= 0 && index < _symbols.Length ? (_symbols[index], len) : (-1, 0);
            }
        }

        return (-1, 0);
    }
}
