namespace FakeLens.Faces.Cues;

/// <summary>Action-unit-like distances of one face in one frame, in eye spans (see <see cref="ExpressionAnalyzer"/>).</summary>
/// <param name="Smile">Mouth-corner distance (61–291): widens in a smile (AU12).</param>
/// <param name="BrowRaise">Mean brow-to-upper-eyelid distance of both eyes (105–159, 334–386): grows when the brows rise (AU1/AU2).</param>
/// <param name="Asymmetry">|right − left brow raise| + |right − left mouth-corner height| relative to the eye line.</param>
public sealed record ExpressionSample(double Smile, double BrowRaise, double Asymmetry);
