using System.Security.Cryptography;
using System.Text;

namespace FakeLens.Learning.Image;

/// <summary>
/// On-disk cache of one image's patch feature rows, so that re-running <c>train image</c> / <c>eval image</c>
/// on the same corpus does not recompute ResNet-18 and the hand-made features (the CPU is the scarce resource).
/// A cache entry is keyed by the file (full path, length, last write time), the feature names (which carry
/// the feature set and its version through <see cref="Imaging.Features.ImagePatchFeatures"/>) and a
/// description of the work (training crops: seed, image index, augmentation, patch counts; evaluation grid:
/// perturbation and patch limit); any change gives a new key. Entries are written atomically. The folder
/// comes from <c>--feature-cache</c> or the FAKELENS_FEATURE_CACHE environment variable; without one nothing
/// is cached. Keep it outside the repository.
/// </summary>
public sealed class PatchFeatureCache
{
    public const string EnvironmentVariable = "FAKELENS_FEATURE_CACHE";

    public PatchFeatureCache(string folder)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        Folder = Path.GetFullPath(folder);
        Directory.CreateDirectory(Folder);
    }

    public string Folder { get; }

    /// <summary>The cache named by FAKELENS_FEATURE_CACHE (or <paramref name="folder"/> when given), or null.</summary>
    public static PatchFeatureCache? From(string? folder)
    {
        var dir = string.IsNullOrWhiteSpace(folder) ? Environment.GetEnvironmentVariable(EnvironmentVariable) : folder;
        return string.IsNullOrWhiteSpace(dir) ? null : new PatchFeatureCache(dir);
    }

    public string Key(string path, IReadOnlyList<string> names, string work)
    {
        ArgumentNullException.ThrowIfNull(names);
        var info = new FileInfo(path);
        var text = new StringBuilder()
            .Append(info.FullName).Append('|').Append(info.Length).Append('|').Append(info.LastWriteTimeUtc.Ticks).Append('|')
            .Append(names.Count).Append('|').Append(string.Join(",", names)).Append('|').Append(work).ToString();
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    public bool TryRead(string key, int width, out List<(float[] Row, bool Label, bool Pseudo)> rows)
    {
        rows = [];
        var file = FileOf(key);
        if (!File.Exists(file))
        {
            return false;
        }

        try
        {
            using var reader = new BinaryReader(File.OpenRead(file));
            var count = reader.ReadInt32();
            if (reader.ReadInt32() != width)
            {
                return false;
            }

            for (var r = 0; r < count; r++)
            {
                var label = reader.ReadBoolean();
                var pseudo = reader.ReadBoolean();
                var row = new float[width];
                for (var j = 0; j < width; j++)
                {
                    row[j] = reader.ReadSingle();
                }

                rows.Add((row, label, pseudo));
            }

            return true;
        }
        catch (Exception e) when (e is IOException or EndOfStreamException)
        {
            rows = [];
            return false;
        }
    }

    public void Write(string key, int width, IReadOnlyList<(float[] Row, bool Label, bool Pseudo)> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var file = FileOf(key);
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        var part = file + "." + Environment.ProcessId + "." + Environment.CurrentManagedThreadId + ".part";
        using (var writer = new BinaryWriter(File.Create(part)))
        {
            writer.Write(rows.Count);
            writer.Write(width);
            foreach (var (row, label, pseudo) in rows)
            {
                writer.Write(label);
                writer.Write(pseudo);
                foreach (var v in row)
                {
                    writer.Write(v);
                }
            }
        }

        File.Move(part, file, overwrite: true);
    }

    private string FileOf(string key) => Path.Combine(Folder, key[..2], key + ".bin");
}
