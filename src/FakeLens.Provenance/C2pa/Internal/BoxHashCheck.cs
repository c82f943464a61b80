using System.Buffers.Binary;
using System.Security.Cryptography;

namespace FakeLens.Provenance.C2pa.Internal;

/// <summary>
/// The general box hash (c2pa.hash.boxes, C2PA 2.1 §9.2.3): the asset is cut into named boxes (JPEG segments named
/// SOI, APPn, DQT, SOFn, DHT, SOS…, EOI with the manifest's APP11 segments named C2PA; PNG chunks by type) and each
/// entry hashes a run of consecutive boxes. Formats other than JPEG and PNG are reported as unknown boxes.
/// </summary>
internal static class BoxHashCheck
{
    public static void Check(C2paAssertion binding, HashAlgorithmName alg, ReadOnlySpan<byte> file, string url, List<C2paStatus> statuses)
    {
        var boxes = Boxes(file);
        if (boxes.Count == 0)
        {
            statuses.Add(C2paStatus.Failure(C2paStatusCodes.AssertionBoxesHashUnknownBox, url, "The file's boxes cannot be listed for a box hash."));
            return;
        }

        var pos = 0;
        foreach (var entry in Obj.List(Obj.Get(binding.Data, "boxes")))
        {
            var names = Obj.List(Obj.Get(entry, "names")).OfType<string>().ToList();
            var expected = Obj.Bytes(entry, "hash") ?? [];
            var entryAlg = Hashing.Parse(Obj.Str(entry, "alg")) ?? alg;
            using var h = IncrementalHash.CreateHash(entryAlg);
            foreach (var name in names)
            {
                while (pos < boxes.Count && boxes[pos].Name != name && boxes[pos].Name == "C2PA")
                {
                    pos++;
                }

                if (pos >= boxes.Count || boxes[pos].Name != name)
                {
                    statuses.Add(C2paStatus.Failure(C2paStatusCodes.AssertionBoxesHashUnknownBox, url, $"The box hash names '{name}', which the file does not have at that place."));
                    return;
                }

                h.AppendData(file.Slice(boxes[pos].Start, boxes[pos].Length));
                pos++;
            }

            if (names.Count == 1 && names[0] == "C2PA")
            {
                continue;
            }

            if (!h.GetHashAndReset().AsSpan().SequenceEqual(expected))
            {
                statuses.Add(C2paStatus.Failure(C2paStatusCodes.AssertionBoxesHashMismatch, url, $"The boxes {string.Join(", ", names)} no longer match the hash signed in the manifest."));
                return;
            }
        }

        statuses.Add(C2paStatus.Success(C2paStatusCodes.AssertionBoxesHashMatch, url, "Every hashed box of the file matches the manifest."));
    }

    private static List<(string Name, int Start, int Length)> Boxes(ReadOnlySpan<byte> file)
    {
        var list = new List<(string, int, int)>();
        if (file.Length > 4 && file[0] == 0xFF && file[1] == 0xD8)
        {
            list.Add(("SOI", 0, 2));
            var pos = 2;
            while (pos + 4 <= file.Length && file[pos] == 0xFF)
            {
                var marker = file[pos + 1];
                if (marker == 0xD9)
                {
                    list.Add(("EOI", pos, 2));
                    break;
                }

                var len = BinaryPrimitives.ReadUInt16BigEndian(file[(pos + 2)..]);
                var end = Math.Min(file.Length, pos + 2 + len);
                if (marker == 0xDA)
                {
                    // Entropy-coded data runs to the next marker that is not a stuffed byte or restart marker.
                    var e = end;
                    while (e + 1 < file.Length && !(file[e] == 0xFF && file[e + 1] != 0 && file[e + 1] is not (>= 0xD0 and <= 0xD7)))
                    {
                        e++;
                    }

                    end = e;
                }

                var name = marker switch
                {
                    0xEB when pos + 8 <= file.Length && file.Slice(pos + 4, 2).SequenceEqual("JP"u8) => "C2PA",
                    >= 0xE0 and <= 0xEF => "APP" + (marker - 0xE0),
                    0xDB => "DQT",
                    0xC4 => "DHT",
                    0xDA => "SOS",
                    0xDD => "DRI",
                    0xFE => "COM",
                    >= 0xC0 and <= 0xCF => "SOF" + (marker - 0xC0),
                    _ => "0x" + marker.ToString("X2", System.Globalization.CultureInfo.InvariantCulture),
                };
                list.Add((name, pos, end - pos));
                pos = end;
            }
        }
        else if (file.Length > 8 && file[0] == 0x89 && file[1] == (byte)'P')
        {
            list.Add(("PNGh", 0, 8));
            var pos = 8;
            while (pos + 12 <= file.Length)
            {
                var len = (int)Math.Min(BinaryPrimitives.ReadUInt32BigEndian(file[pos..]), (uint)(file.Length - pos - 12));
                var type = System.Text.Encoding.Latin1.GetString(file.Slice(pos + 4, 4));
                list.Add((type == "caBX" ? "C2PA" : type, pos, len + 12));
                pos += len + 12;
            }
        }

        return list;
    }
}
