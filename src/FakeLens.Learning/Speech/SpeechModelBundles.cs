using FakeLens.Audio.Features;
using FakeLens.Learning.Calibration;
using FakeLens.Learning.Models;
using FakeLens.Learning.Training;

namespace FakeLens.Learning.Speech;

/// <summary>Packs a trained speech model with its manifest (feature set, version, names, the command) and the GMM baseline.</summary>
public static class SpeechModelBundles
{
    public static ModelBundle Create(
        CalibratedModel model,
        GmmPair? gmm,
        SpeechDecision? decision,
        CalibrationKind calibration,
        string name,
        int version,
        string trainedOn,
        string command,
        int seed,
        IReadOnlyDictionary<string, double> metrics,
        string notes)
    {
        ArgumentNullException.ThrowIfNull(model);
        var manifest = ModelManifest.ForCalibratedModel(model, calibration, (UtteranceFeatures.FeatureSetId, UtteranceFeatures.Version, UtteranceFeatures.Names), name, version, trainedOn, command, seed, metrics, notes);
        var attachments = new Dictionary<string, byte[]>();
        if (gmm is not null)
        {
            attachments[GmmPair.Attachment] = gmm.ToBytes();
        }

        if (decision is not null)
        {
            attachments[SpeechDecision.Attachment] = decision.ToBytes();
        }

        return new ModelBundle(manifest, model, attachments);
    }
}
