namespace FakeLens.Imaging.Jpeg;

/// <summary>Reads entropy-coded bits, removing stuffed zeros; past a marker or the end it feeds zeros and counts them.</summary>
internal ref struct JpegBitReader
{
    private readonly ReadOnlySpan<byte> _data;
    private int _pos;
    private ulong _acc;
    private int _bits;
    private bool _atMarker;

    public JpegBitReader(ReadOnlySpan<byte> data)
    {
        _data = data;
    }

    /// <summary>
    /// Zero bytes fed after the data ran out or a marker was reached since the scan or the last restart began; a few
    /// are normal at an interval's end (the look-ahead runs into the marker), many mean the decode overran.
    /// </summary>
    public int PaddedBytes { get; private set; }

    public int PeekBits(int n)
    {
        Fill();
        return (int)((_acc >> (_bits - n)) & ((1UL << n) - 1));
    }

    public void Skip(int n) => _bits -= n;

    public int GetBits(int n)
    {
        if (n == 0)
        {
            return 0;
        }

        var v = PeekBits(n);
        _bits -= n;
        return v;
    }

    /// <summary>Reads <paramref name="size"/> bits and sign-extends them as T.81 F.2.2.1 EXTEND.</summary>
    public int Receive(int size)
    {
        if (size == 0)
        {
            return 0;
        }

        var v = GetBits(size);
        return v < (1 << (size - 1)) ? v - (1 << size) + 1 : v;
    }

    /// <summary>Drops buffered bits and moves past the next RSTn marker; false when none is found.</summary>
    public bool Restart()
    {
        _acc = 0;
        _bits = 0;
        _atMarker = false;
        PaddedBytes = 0;
        while (_pos + 1 < _data.Length)
        {
            if (_data[_pos] == 0xFF && _data[_pos + 1] >= 0xD0 && _data[_pos + 1] <= 0xD7)
            {
                _pos += 2;
                return true;
            }

            _pos++;
        }

        return false;
    }

    private void Fill()
    {
        while (_bits <= 48)
        {
            byte b = 0;
            if (_atMarker || _pos >= _data.Length)
            {
                PaddedBytes++;
            }
            else if (_data[_pos] != 0xFF)
            {
                b = _data[_pos++];
            }
            else if (_pos + 1 < _data.Length && _data[_pos + 1] == 0x00)
            {
                b = 0xFF;
                _pos += 2;
            }
            else if (_pos + 1 < _data.Length && _data[_pos + 1] == 0xFF)
            {
                _pos++;
                continue;
            }
            else
            {
                _atMarker = true;
                PaddedBytes++;
            }

            _acc = (_acc << 8) | b;
            _bits += 8;
        }
    }
}
