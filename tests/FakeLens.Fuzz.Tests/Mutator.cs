namespace FakeLens.Fuzz.Tests;

/// <summary>
/// A small deterministic mutator (afl-like havoc: bit flips, interesting values, length fields set to extremes,
/// block deletion/duplication, truncation) for the bounded fuzz pass that runs in CI without afl++.
/// </summary>
internal static class Mutator
{
    private static readonly byte[] Interesting8 = [0x00, 0x01, 0x7F, 0x80, 0xFF, 0x10, 0x20, 0x40];

    public static byte[] Mutate(byte[] seed, Random random)
    {
        var data = new List<byte>(seed);
        var rounds = 1 + random.Next(4);
        for (var r = 0; r < rounds; r++)
        {
            if (data.Count == 0)
            {
                data.Add((byte)random.Next(256));
                continue;
            }

            var at = random.Next(data.Count);
            switch (random.Next(8))
            {
                case 0:
                    data[at] ^= (byte)(1 << random.Next(8));
                    break;
                case 1:
                    data[at] = Interesting8[random.Next(Interesting8.Length)];
                    break;
                case 2:
                    // A 32-bit field (a length or count, either byte order) set to an extreme.
                    var value = random.Next(3) switch { 0 => 0xFFFFFFFFu, 1 => 0x80000000u, _ => 0u };
                    for (var i = 0; i < 4 && at + i < data.Count; i++)
                    {
                        data[at + i] = (byte)(value >> (8 * i));
                    }

                    break;
                case 3:
                    data.RemoveRange(at, Math.Min(data.Count - at, 1 + random.Next(64)));
                    break;
                case 4:
                    var length = Math.Min(data.Count - at, 1 + random.Next(64));
                    data.InsertRange(random.Next(data.Count), data.GetRange(at, length));
                    break;
                case 5:
                    data.RemoveRange(at, data.Count - at);
                    break;
                case 6:
                    data[at] = (byte)random.Next(256);
                    break;
                default:
                    // A 16-bit field set to an extreme (JPEG segment lengths, counts).
                    data[at] = 0xFF;
                    if (at + 1 < data.Count)
                    {
                        data[at + 1] = (byte)(random.Next(2) == 0 ? 0xFF : 0x00);
                    }

                    break;
            }
        }

        return [.. data];
    }
}
