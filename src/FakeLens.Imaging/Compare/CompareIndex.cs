using System.Globalization;
using System.Text.Json;
using FakeLens.Core.Detection;
using FakeLens.Imaging.Decoding;

namespace FakeLens.Imaging.Compare;

/// <summary>
/// An archive index for <see cref="SourceSearch"/>: the perceptual hashes and keypoint signatures
/// (<see cref="KeypointSignature"/>, about 6 KB each) of every picture under a folder, saved as JSON (<c>fakelens compare index FOLDER -o index.json</c>) so that repeated searches decode
/// nothing but the suspect and the few candidates they verify.
/// </summary>
public sealed record CompareIndex(string Format, string Root, IReadOnlyList<CompareIndexEntry> Entries)
{
    public const string FormatName = "fakelens.compare-index/2";

    /// <summary>The first format (hashes only); still read, searched by hashes alone.</summary>
    public const string FormatV1 = "fakelens.compare-index/1";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    /// <summary>Hashes every readable image in <paramref name="files"/>; unreadable files are passed to <paramref name="skipped"/>.</summary>
    public static CompareIndex Build(string root, IEnumerable<string> files, Action<string, string>? skipped = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(files);
        var entries = new List<CompareIndexEntry>();
        foreach (var file in files)
        {
            ct.ThrowIfCancellationRequested();
            try
            {
                var bytes = File.ReadAllBytes(file);
                var image = ImageDecoder.Decode(bytes, 100_000_000).Image;
                entries.Add(Entry(Path.GetRelativePath(root, file), image, bytes.Length));
            }
            catch (Exception e) when (e is MediaException or IOException or UnauthorizedAccessException)
            {
                skipped?.Invoke(file, e.Message);
            }
        }

        return new CompareIndex(FormatName, Path.GetFullPath(root), entries);
    }

    /// <summary>The index entry of one decoded picture.</summary>
    public static CompareIndexEntry Entry(string relativePath, RgbImage image, long bytes)
    {
        ArgumentNullException.ThrowIfNull(image);
        var h = PerceptualHash.Of(image);
        return new CompareIndexEntry(relativePath, image.Width, image.Height, bytes,
            h.PHash.ToString("x16", CultureInfo.InvariantCulture), h.DHash.ToString("x16", CultureInfo.InvariantCulture),
            Convert.ToBase64String(KeypointSignature.Of(image).ToBytes()));
    }

    public void Save(string path) => File.WriteAllText(path, JsonSerializer.Serialize(this, Json));

    /// <exception cref="InvalidDataException">The file is not a FakeLens compare index.</exception>
    public static CompareIndex Load(string path)
    {
        CompareIndex? index;
        try
        {
            index = JsonSerializer.Deserialize<CompareIndex>(File.ReadAllText(path), Json);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path} is not a FakeLens compare index: {e.Message}", e);
        }

        if (index is null || (index.Format != FormatName && index.Format != FormatV1) || index.Entries is null)
        {
            throw new InvalidDataException($"{path} is not a FakeLens compare index (expected format {FormatName}).");
        }

        return index;
    }

    /// <summary>The absolute path of an entry.</summary>
    public string Resolve(CompareIndexEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return Path.GetFullPath(Path.Combine(Root, entry.Path));
    }
}
