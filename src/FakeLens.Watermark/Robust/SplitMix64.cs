namespace FakeLens.Watermark.Robust;

/// <summary>SplitMix64 (Steele, Lea &amp; Flood 2014): a tiny deterministic generator, identical on every platform and runtime.</summary>
internal struct SplitMix64
{
    private ulong _state;

    public SplitMix64(ulong seed) => _state = seed;

    public ulong Next()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform integer in 0..<paramref name="n"/>−1.</summary>
    public int NextInt(int n) => (int)(Next() % (ulong)n);

    public float NextSign() => (Next() & 1) == 0 ? 1f : -1f;
}
