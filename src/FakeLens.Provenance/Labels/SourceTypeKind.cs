namespace FakeLens.Provenance.Labels;

/// <summary>What an IPTC digital source type says about how the picture came to be.</summary>
public enum SourceTypeKind
{
    /// <summary>Made or partly made by a trained generative model (trainedAlgorithmicMedia, compositeWithTrainedAlgorithmicMedia).</summary>
    TrainedModel,

    /// <summary>Synthetic but not necessarily from a trained model (algorithmicMedia, compositeSynthetic).</summary>
    Synthetic,

    /// <summary>A capture of real life (digitalCapture, computationalCapture, scanned film or print).</summary>
    Capture,

    /// <summary>A capture that was edited or combined with other captures (humanEdits, compositeCapture, …).</summary>
    Edited,

    /// <summary>Neither a capture nor generated media (digital art, data visualisation, screen or virtual recordings), or an unknown term.</summary>
    Other,
}
