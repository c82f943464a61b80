namespace FakeLens.Faces.Still;

/// <summary>
/// Loads the face engine once, on first use, for every detector that shares this provider; remembers why it could
/// not (models not installed) so each detector can say "not applicable" with the reason.
/// </summary>
public sealed class FaceEngineProvider
{
    private readonly Lazy<(FaceEngine? Engine, string? WhyNot)> _engine;

    public FaceEngineProvider()
        : this(() =>
        {
            var engine = FaceEngine.TryCreate(out var whyNot);
            return (engine, whyNot);
        })
    {
    }

    /// <summary>With another way to load the engine (tests: a folder without models, without touching the environment).</summary>
    internal FaceEngineProvider(Func<(FaceEngine? Engine, string? WhyNot)> load) => _engine = new(load);

    public FaceEngine? Engine => _engine.Value.Engine;

    public string? WhyNot => _engine.Value.WhyNot;
}
