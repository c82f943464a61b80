using FakeLens.TestSupport;

namespace FakeLens.Fuzz.Tests;

/// <summary>The inputs the CI fuzz tests replay: committed seeds, shared C2PA fixtures, minimised findings.</summary>
internal static class FuzzCorpus
{
    private static string Folder(string name) => Path.Combine(AppContext.BaseDirectory, name);

    /// <summary>Seed inputs of a target: Seeds/&lt;target&gt;/* (made by fuzz/seeds.py) plus fixtures from the shared data (signed C2PA files, the RIFF/BMFF/ID3 bombs).</summary>
    public static IReadOnlyList<byte[]> Seeds(string target)
    {
        var seeds = new List<byte[]>();
        var dir = Path.Combine(Folder("Seeds"), target);
        if (Directory.Exists(dir))
        {
            seeds.AddRange(Directory.GetFiles(dir).Order(StringComparer.Ordinal).Select(File.ReadAllBytes));
        }

        if (target is "c2pa" or "jumbf")
        {
            foreach (var name in new[] { "c.jpg", "c_with_cawg_data.jpg", "no_alg.jpg", "sample1.png" })
            {
                var bytes = File.ReadAllBytes(TestData.Path("c2pa", name));
                if (target == "jumbf")
                {
                    var store = FakeLens.Provenance.C2pa.C2paReader.Read(bytes, FakeLens.Core.Media.MediaSniffer.FromBytes(bytes));
                    bytes = store.StoreBytes.ToArray();
                }

                seeds.Add(bytes);
            }
        }

        var shared = target switch
        {
            "wav" => "riff_bomb_1000.wav",
            "bmff" => "nested_moov_1000.mp4",
            "id3" => "id3v23_compression_underflow.mp3",
            _ => null,
        };
        if (shared is not null)
        {
            seeds.Add(File.ReadAllBytes(TestData.Path("c2pa", shared)));
        }

        return seeds;
    }

    /// <summary>Every minimised finding: (target, file name), from Findings/&lt;target&gt;/.</summary>
    public static IEnumerable<(string Target, string File)> Findings()
    {
        var root = Folder("Findings");
        if (!Directory.Exists(root))
        {
            yield break;
        }

        foreach (var dir in Directory.GetDirectories(root).Order(StringComparer.Ordinal))
        {
            foreach (var file in Directory.GetFiles(dir).Order(StringComparer.Ordinal))
            {
                yield return (Path.GetFileName(dir), Path.GetFileName(file));
            }
        }
    }

    public static byte[] Finding(string target, string file) => File.ReadAllBytes(Path.Combine(Folder("Findings"), target, file));
}
