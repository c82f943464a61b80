namespace FakeLens.Learning.Speech;

/// <summary>Binary file of one clip's analysed rows (utterance vector, GMM frames, labels), so repeated runs skip decoding and analysis.</summary>
internal static class FeatureCache
{
    private const int Magic = 0x43524C46; // "FLRC"

    public static void Write(string path, IReadOnlyList<SpeechRow> rows)
    {
        var tmp = path + "." + Environment.ProcessId + ".tmp";
        using (var w = new BinaryWriter(File.Create(tmp)))
        {
            w.Write(Magic);
            w.Write(rows.Count);
            foreach (var r in rows)
            {
                w.Write(r.IsFake);
                w.Write(r.Family);
                w.Write(r.Codec);
                w.Write(r.SpeechSeconds);
                WriteFloats(w, r.Features);
                w.Write(r.Frames.Length);
                foreach (var f in r.Frames)
                {
                    WriteFloats(w, f);
                }
            }
        }

        File.Move(tmp, path, overwrite: true);
    }

    public static List<SpeechRow> Read(string path, int index, SpeechSample sample)
    {
        using var r = new BinaryReader(File.OpenRead(path));
        if (r.ReadInt32() != Magic)
        {
            throw new InvalidDataException($"{path} is not a feature cache file.");
        }

        var n = r.ReadInt32();
        var rows = new List<SpeechRow>(n);
        for (var i = 0; i < n; i++)
        {
            var fake = r.ReadBoolean();
            var family = r.ReadString();
            var codec = r.ReadString();
            var seconds = r.ReadDouble();
            var features = ReadFloats(r);
            var frames = new float[r.ReadInt32()][];
            for (var j = 0; j < frames.Length; j++)
            {
                frames[j] = ReadFloats(r);
            }

            rows.Add(new SpeechRow(index, sample, fake, family, codec, features, frames, seconds));
        }

        return rows;
    }

    private const int BlockMagic = 0x4B424C46; // "FLBK"

    /// <summary>One clip's extra feature block (one vector per row, in the rows' order), kept beside its rows file.</summary>
    public static void WriteBlock(string path, IReadOnlyList<float[]> block)
    {
        var tmp = path + "." + Environment.ProcessId + "." + Environment.CurrentManagedThreadId + ".tmp";
        using (var w = new BinaryWriter(File.Create(tmp)))
        {
            w.Write(BlockMagic);
            w.Write(block.Count);
            foreach (var v in block)
            {
                WriteFloats(w, v);
            }
        }

        File.Move(tmp, path, overwrite: true);
    }

    public static float[][] ReadBlock(string path)
    {
        using var r = new BinaryReader(File.OpenRead(path));
        if (r.ReadInt32() != BlockMagic)
        {
            throw new InvalidDataException($"{path} is not a feature block cache file.");
        }

        var block = new float[r.ReadInt32()][];
        for (var i = 0; i < block.Length; i++)
        {
            block[i] = ReadFloats(r);
        }

        return block;
    }

    private static void WriteFloats(BinaryWriter w, float[] values)
    {
        w.Write(values.Length);
        foreach (var v in values)
        {
            w.Write(v);
        }
    }

    private static float[] ReadFloats(BinaryReader r)
    {
        var n = r.ReadInt32();
        var values = new float[n];
        for (var i = 0; i < n; i++)
        {
            values[i] = r.ReadSingle();
        }

        return values;
    }
}
