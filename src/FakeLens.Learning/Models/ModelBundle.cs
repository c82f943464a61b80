using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Nodes;
using FakeLens.Learning.Calibration;
using FakeLens.Learning.Classifiers;
using FakeLens.Learning.Training;

namespace FakeLens.Learning.Models;

/// <summary>
/// A model file: a zip holding manifest.json, the classifier (classifier.bin), its calibration and
/// held-out real reference (calibration.json), and named attachments (attachments/&lt;name&gt;, e.g. GMM
/// parameters). <see cref="Model"/> is null for bundles whose learner lives entirely in attachments.
/// </summary>
public sealed class ModelBundle
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public ModelBundle(ModelManifest manifest, CalibratedModel? model, IReadOnlyDictionary<string, byte[]>? attachments = null)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        Manifest = manifest;
        Model = model;
        Attachments = attachments is null ? new Dictionary<string, byte[]>(StringComparer.Ordinal) : new Dictionary<string, byte[]>(attachments, StringComparer.Ordinal);
    }

    public ModelManifest Manifest { get; }

    public CalibratedModel? Model { get; }

    public IReadOnlyDictionary<string, byte[]> Attachments { get; }

    public static ModelBundle Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        try
        {
            using var stream = File.OpenRead(path);
            return Load(stream, path);
        }
        catch (IOException e)
        {
            throw new ModelMismatchException($"Cannot read the model file {path}: {e.Message}", e);
        }
    }

    /// <summary>A model shipped in the repository's models/ folder and embedded in this assembly.</summary>
    public static ModelBundle LoadEmbedded(string fileName)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        using var resource = typeof(ModelBundle).Assembly.GetManifestResourceStream("models/" + fileName)
            ?? throw new ModelMismatchException($"This build ships no model named {fileName}.");
        using var copy = new MemoryStream();
        resource.CopyTo(copy);
        copy.Position = 0;
        return Load(copy, fileName);
    }

    public static ModelBundle Load(Stream stream, string name)
    {
        ArgumentNullException.ThrowIfNull(stream);
        try
        {
            using var zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
            var manifestEntry = zip.GetEntry("manifest.json") ?? throw new ModelMismatchException($"{name} is not a FakeLens model (no manifest.json).");
            ModelManifest manifest;
            using (var s = manifestEntry.Open())
            {
                manifest = JsonSerializer.Deserialize<ModelManifest>(s, Json) ?? throw new ModelMismatchException($"{name}: empty manifest.");
            }

            CalibratedModel? model = null;
            var classifierEntry = zip.GetEntry("classifier.bin");
            if (classifierEntry is not null)
            {
                FeatureClassifier classifier;
                using (var s = classifierEntry.Open())
                using (var copy = new MemoryStream())
                {
                    s.CopyTo(copy);
                    copy.Position = 0;
                    classifier = FeatureClassifier.Load(copy);
                }

                var calibrationEntry = zip.GetEntry("calibration.json") ?? throw new ModelMismatchException($"{name}: classifier without calibration.json.");
                JsonNode calibration;
                using (var s = calibrationEntry.Open())
                {
                    calibration = JsonNode.Parse(s) ?? throw new ModelMismatchException($"{name}: empty calibration.json.");
                }

                var calibrator = CalibratorJson.Read(calibration["calibrator"] ?? throw new ModelMismatchException($"{name}: no calibrator."));
                var reference = (calibration["realReference"] as JsonArray)?.Select(v => v!.GetValue<double>()).ToArray() ?? [];
                model = new CalibratedModel(classifier, calibrator, manifest.Threshold, manifest.TargetFpr, reference);
            }

            var attachments = new Dictionary<string, byte[]>(StringComparer.Ordinal);
            foreach (var entry in zip.Entries.Where(e => e.FullName.StartsWith("attachments/", StringComparison.Ordinal) && e.Length > 0))
            {
                using var s = entry.Open();
                using var copy = new MemoryStream();
                s.CopyTo(copy);
                attachments[entry.FullName["attachments/".Length..]] = copy.ToArray();
            }

            return new ModelBundle(manifest, model, attachments);
        }
        catch (Exception e) when (e is InvalidDataException or JsonException or FormatException or InvalidOperationException or KeyNotFoundException)
        {
            throw new ModelMismatchException($"{name} is not a readable FakeLens model: {e.Message}", e);
        }
    }

    public void Save(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(dir))
        {
            Directory.CreateDirectory(dir);
        }

        using var file = File.Create(path);
        using var zip = new ZipArchive(file, ZipArchiveMode.Create);
        using (var s = zip.CreateEntry("manifest.json", CompressionLevel.Optimal).Open())
        {
            JsonSerializer.Serialize(s, Manifest, Json);
        }

        if (Model is not null)
        {
            using (var s = zip.CreateEntry("classifier.bin", CompressionLevel.Optimal).Open())
            {
                Model.Classifier.Save(s);
            }

            var calibration = new JsonObject
            {
                ["calibrator"] = CalibratorJson.Write(Model.Calibrator),
                ["realReference"] = new JsonArray([.. Model.RealReference.Select(v => (JsonNode?)JsonValue.Create(v))]),
            };
            using var c = zip.CreateEntry("calibration.json", CompressionLevel.Optimal).Open();
            using var w = new Utf8JsonWriter(c, new JsonWriterOptions { Indented = true });
            calibration.WriteTo(w);
        }

        foreach (var (key, bytes) in Attachments)
        {
            using var s = zip.CreateEntry("attachments/" + key, CompressionLevel.Optimal).Open();
            s.Write(bytes);
        }
    }

    /// <summary>Refuses a model trained with other feature code, naming both versions.</summary>
    public void EnsureFeatures(string featureSet, int featureVersion)
    {
        if (!string.Equals(Manifest.FeatureSet, featureSet, StringComparison.Ordinal) || Manifest.FeatureVersion != featureVersion)
        {
            throw new ModelMismatchException(
                $"Model {Manifest.DisplayName} was trained on features '{Manifest.FeatureSet}' v{Manifest.FeatureVersion}, " +
                $"but this build computes '{featureSet}' v{featureVersion}. Retrain it with this build (the command is in the model's manifest).");
        }

        if (Model is not null && Manifest.FeatureNames.Count > 0 && Manifest.FeatureNames.Count != Model.Classifier.FeatureCount)
        {
            throw new ModelMismatchException($"Model {Manifest.DisplayName} lists {Manifest.FeatureNames.Count} features but its classifier takes {Model.Classifier.FeatureCount}.");
        }
    }
}
