namespace FakeLens.Faces.Tracking;

/// <summary>One face followed across frames.</summary>
public sealed class FaceTrack
{
    private readonly List<TrackSample> _samples = [];

    public FaceTrack(int id)
    {
        Id = id;
    }

    /// <summary>1-based, in order of first appearance.</summary>
    public int Id { get; }

    public IReadOnlyList<TrackSample> Samples => _samples;

    public TrackSample Last => _samples[^1];

    internal void Add(TrackSample sample) => _samples.Add(sample);
}
