namespace FakeLens.Core.Randomness;

/// <summary>
/// Seeds for per-item random streams (one per image, per benchmark file …) derived from a run's seed, the same in
/// every process and independent from item to item. Two traps this avoids: <see cref="HashCode.Combine{T1, T2}"/> is
/// randomised per process (a training command then gives a different model every run), and .NET's seeded
/// <see cref="Random"/> gives first draws that move in a straight line with the seed (seeds 17, 7936, 15855 … start
/// 0.489, 0.575, 0.661 …), so streams seeded with seed + k·i are far from independent. One SplitMix64 step
/// (Steele, Lea &amp; Flood 2014) over (seed, index) breaks both.
/// </summary>
public static class StreamSeeds
{
    public static int For(int seed, int index)
    {
        var z = unchecked(((ulong)(uint)seed << 32) ^ (uint)index ^ 0x5eedUL) + 0x9E3779B97F4A7C15UL;
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        return (int)((z ^ (z >> 31)) & 0x7FFFFFFF);
    }
}
